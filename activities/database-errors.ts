import { ApplicationFailure } from '@temporalio/common';
import { WRITE_IMPOSSIBLE } from '../workflows/failure-types.ts';

interface DriverCause {
  originalCode?: string;
  code?: string;
  kind?: string;
}

/** The SQLSTATE (or, without one, the driver's kind of error) behind a Prisma or `pg` failure. */
export function databaseErrorCode(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const meta = (error as { meta?: { driverAdapterError?: { cause?: DriverCause } } }).meta;
  const cause = meta?.driverAdapterError?.cause;
  if (cause) return cause.originalCode ?? cause.code ?? cause.kind;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Data exceptions (SQLSTATE class 22), integrity violations (23) and statement errors (42) say the
 * write itself is wrong: retrying it forever would only hide it. Everything else — a database that
 * does not answer, a connection cut, a serialisation conflict — may pass.
 */
export const isPermanentDatabaseError = (code: string | undefined): boolean =>
  code !== undefined && /^(22|23|42)[0-9A-Z]{3}$/.test(code);

/**
 * Rethrows a database failure as what Temporal should do with it, with the SQLSTATE only: driver
 * messages may quote the values written, which can be personal data.
 */
export function asActivityFailure(error: unknown, what: string): never {
  const code = databaseErrorCode(error) ?? 'inconnu';
  if (isPermanentDatabaseError(code)) {
    throw ApplicationFailure.create({
      type: WRITE_IMPOSSIBLE,
      message: `${what} : la base de données refuse cette écriture (code ${code}) ; la réessayer n’y changera rien.`,
      nonRetryable: true,
    });
  }
  throw ApplicationFailure.create({
    type: 'base_indisponible',
    message: `${what} : la base de données n’a pas pu être jointe ou n’a pas répondu (code ${code}) ; nouvel essai.`,
  });
}
