import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * pg_dump and pg_restore from the PATH, in their custom format (compressed, restorable table by table).
 * The password goes through PGPASSWORD rather than the command line, where any user of the machine
 * could read it. The embedded PGlite is PostgreSQL 18 while the clients here may be older: pg_dump
 * refuses a newer server, which is why the embedded database is copied as a folder instead.
 */
function connection(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
  url.password = '';
  return { url: url.toString(), env };
}

async function client(tool: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run(tool, args, { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') {
      throw new Error(
        `${tool} est introuvable : installez le client PostgreSQL (Debian : apt-get install postgresql-client), ` +
          'de la même version que le serveur ou plus récent.',
      );
    }
    throw new Error(`${tool} a échoué : ${(failure.stderr ?? failure.message).trim()}`);
  }
}

export async function dumpDatabase(databaseUrl: string, file: string): Promise<void> {
  const { url, env } = connection(databaseUrl);
  await client(
    'pg_dump',
    ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${url}`],
    env,
  );
}

/** Replaces the database's objects by those of the dump, in one transaction: all or nothing. */
export async function restoreDatabase(databaseUrl: string, file: string): Promise<void> {
  const { url, env } = connection(databaseUrl);
  await client(
    'pg_restore',
    [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      `--dbname=${url}`,
      file,
    ],
    env,
  );
}
