/**
 * The failure type of a write the database refuses for what it is (its SQLSTATE class says so), which
 * no retry can change. Activities throw it; the case workflow stops retrying on it.
 */
export const WRITE_IMPOSSIBLE = 'ecriture_impossible';

/**
 * The failure type of a computed step that cannot be run whatever the retries: no implementation
 * deployed for it, or a query the database refuses for what it is.
 */
export const COMPUTATION_IMPOSSIBLE = 'calcul_impossible';
