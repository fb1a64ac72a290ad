import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/**
 * Applies `prisma/migrations/<name>/migration.sql` the way `prisma migrate deploy` does, keeping the
 * same `_prisma_migrations` bookkeeping, so either tool can take over from the other: the application
 * migrates itself at start-up (the CLI costs ~13 s even when there is nothing to do and needs engine
 * workarounds on offline machines), while `prisma migrate status/deploy/resolve` keep working.
 *
 * One deliberate difference: each migration runs in a transaction together with its bookkeeping row,
 * so a failing migration leaves nothing behind (Prisma records it as failed and blocks every later
 * deploy until someone runs `prisma migrate resolve`). Prisma runs a script as one multi-statement
 * query, which PostgreSQL already treats as one transaction, so statements that refuse to run inside
 * one (CREATE INDEX CONCURRENTLY...) fail with either tool alike.
 */

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** Prisma's own advisory lock key: taking the same one serialises us with `prisma migrate` too. */
export const PRISMA_ADVISORY_LOCK_ID = 72707369;

const LOCK_WAIT_LIMIT_MS = 5 * 60_000;
const LOCK_POLL_MS = 200;

/** Raised when the migrations cannot be applied; `migration` names the one at fault, when there is one. */
export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    message: string,
    readonly migration?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export type MigrateOptions = { migrationsDir?: string; log?: (m: string) => void };

type AppliedRow = {
  id: string;
  checksum: string;
  migration_name: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
};

// Byte for byte the statement Prisma's schema engine runs, so the table is indistinguishable from one
// Prisma created (unqualified: it lands in the connection's current schema, as with Prisma).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

/** Prisma's checksum: the SHA-256 of the script, in lower-case hex. */
export function migrationChecksum(script: string | Buffer): string {
  return createHash('sha256').update(script).digest('hex');
}

/**
 * Prisma's comparison: a checkout that converted line endings must not look like an edited migration,
 * and very old Prisma versions stored the hex without zero padding.
 */
export function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replaceAll('\r\n', '\n'), script.replaceAll('\n', '\r\n')];
  return variants.some((variant) => {
    const digest = createHash('sha256').update(variant).digest();
    if (checksum.length !== 0 && checksum.length !== 64) {
      return [...digest].map((byte) => byte.toString(16)).join('') === checksum;
    }
    return digest.toString('hex') === checksum;
  });
}

type MigrationFile = { name: string; script: string };

function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) {
    throw new MigrationError(`Dossier des migrations introuvable : ${dir}`);
  }
  // Prisma's listing: every sub-directory is a migration, in name order; loose files such as
  // migration_lock.toml are not.
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return names.map((name) => {
    const file = path.join(dir, name, 'migration.sql');
    if (!existsSync(file)) {
      throw new MigrationError(`La migration ${name} n'a pas de fichier migration.sql (${file}).`, name);
    }
    return { name, script: readFileSync(file, 'utf8') };
  });
}

/** The URL without its password, for messages. */
function describeUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(URL de base de données illisible)';
  }
}

/** 1-based line of a character position reported by PostgreSQL (which counts from 1, in characters). */
function lineOf(script: string, position: string | undefined): number | undefined {
  const index = Number(position);
  if (!Number.isInteger(index) || index < 1) return undefined;
  return [...script].slice(0, index - 1).filter((c) => c === '\n').length + 1;
}

async function acquireLock(client: pg.Client, log: (m: string) => void): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_LIMIT_MS;
  let announced = false;
  // Polling rather than a blocking pg_advisory_lock: the wait stays bounded and visible in the logs
  // when another instance (or `prisma migrate`) holds the lock for a long migration.
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      PRISMA_ADVISORY_LOCK_ID,
    ]);
    if (rows[0]?.locked) return;
    if (Date.now() > deadline) {
      throw new MigrationError(
        `Le verrou des migrations (pg_advisory_lock ${PRISMA_ADVISORY_LOCK_ID}) est tenu par une autre connexion depuis plus de ${LOCK_WAIT_LIMIT_MS / 60_000} minutes : une autre instance ou un « prisma migrate » semble bloqué.`,
      );
    }
    if (!announced) {
      log('Une autre instance applique les migrations : attente de son verrou…');
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

/** Creates `_prisma_migrations` when absent, refusing (like Prisma's P3005) a schema that already has objects. */
async function ensureMigrationsTable(client: pg.Client, log: (m: string) => void): Promise<void> {
  const { rows } = await client.query<{ exists: boolean; objects: number }>(
    `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists,
            (SELECT count(*)::int FROM pg_class c
               WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
                 AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')) AS objects`,
  );
  const row = rows[0];
  if (row?.exists) return;
  if (row && row.objects > 0) {
    throw new MigrationError(
      "La base contient déjà des tables mais pas de table _prisma_migrations : elle n'a pas été créée par ces migrations. " +
        'Utilisez une base vide, ou marquez les migrations déjà présentes avec « npx tsx runtime/prisma-offline.ts migrate resolve --applied <nom> ».',
    );
  }
  await client.query(CREATE_MIGRATIONS_TABLE);
  log('Table _prisma_migrations créée.');
}

function checkHistory(applied: AppliedRow[], files: MigrationFile[], log: (m: string) => void): void {
  const failed = applied.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    throw new MigrationError(
      `La migration ${failed.migration_name} est enregistrée comme échouée dans _prisma_migrations ` +
        `(commencée le ${failed.started_at.toISOString()}, jamais terminée) : aucune migration ne sera appliquée. ` +
        `Remettez la base en état, puis marquez-la avec « npx tsx runtime/prisma-offline.ts migrate resolve --rolled-back ${failed.migration_name} » ` +
        `(ou --applied si ses changements sont bien en place).`,
      failed.migration_name,
    );
  }
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const row of applied) {
    if (row.rolled_back_at !== null) continue;
    const file = byName.get(row.migration_name);
    if (!file) {
      log(
        `Attention : la migration ${row.migration_name} est appliquée en base mais absente du dossier des migrations.`,
      );
      continue;
    }
    if (!scriptMatchesChecksum(file.script, row.checksum)) {
      throw new MigrationError(
        `La migration ${row.migration_name} a été modifiée après avoir été appliquée : son fichier migration.sql ` +
          `ne correspond plus à la somme de contrôle enregistrée dans _prisma_migrations. ` +
          `Restaurez le fichier d'origine et placez le changement dans une nouvelle migration.`,
        row.migration_name,
      );
    }
  }
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      'INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES ($1, $2, $3, $4)',
      [id, migrationChecksum(migration.script), new Date(), migration.name],
    );
    // No parameters: pg then uses the simple query protocol, which accepts a multi-statement script.
    await client.query(migration.script);
    // Prisma counts the whole script as one step.
    await client.query(
      'UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1, finished_at = $2 WHERE id = $1',
      [id, new Date()],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const pgError = error as pg.DatabaseError;
    const line = lineOf(migration.script, pgError.position);
    const where = line === undefined ? '' : ` (ligne ${line} de migration.sql)`;
    const code = pgError.code ? ` [${pgError.code}]` : '';
    throw new MigrationError(
      `La migration ${migration.name} a échoué${where} et n'a pas été appliquée : ${pgError.message}${code}`,
      migration.name,
      { cause: error },
    );
  }
}

/**
 * Applies the pending migrations, in name order, under Prisma's advisory lock so that instances
 * starting together migrate once. Returns the names of the migrations this call applied.
 */
export async function migrate(databaseUrl: string, options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const log = options.log ?? (() => {});
  const files = readMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);

  const client = new pg.Client({ connectionString: databaseUrl });
  // A connection dropped mid-way must surface as the failing query's error, not crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw new MigrationError(
      `Connexion impossible à la base ${describeUrl(databaseUrl)} pour appliquer les migrations : ${(error as Error).message}`,
      undefined,
      { cause: error },
    );
  }
  try {
    await acquireLock(client, log);
    await ensureMigrationsTable(client, log);
    const { rows } = await client.query<AppliedRow>(
      'SELECT id, checksum, migration_name, started_at, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at',
    );
    checkHistory(rows, files, log);
    const done = new Set(rows.filter((row) => row.rolled_back_at === null).map((row) => row.migration_name));
    const applied: string[] = [];
    for (const migration of files) {
      if (done.has(migration.name)) continue;
      const started = Date.now();
      await applyOne(client, migration);
      applied.push(migration.name);
      log(`Migration appliquée : ${migration.name} (${Date.now() - started} ms)`);
    }
    return { applied };
  } finally {
    // Closing the session releases the advisory lock too; the explicit unlock is for poolers that
    // would keep the server session alive.
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_ID]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
