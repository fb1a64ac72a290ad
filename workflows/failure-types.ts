/**
 * The failure type of a write the database refuses for what it is (its SQLSTATE class says so), which
 * no retry can change. Activities throw it; the case workflow stops retrying on it.
 */
export const WRITE_IMPOSSIBLE = 'ecriture_impossible';
