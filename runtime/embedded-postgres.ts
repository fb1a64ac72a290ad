import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * PostgreSQL without a server to install: PGlite (PostgreSQL compiled to WebAssembly) with its files
 * in `${dataDir}/pglite`, exposed on a TCP port so that `pg`, Prisma and `migrate()` use it exactly
 * like a real server.
 *
 * PGlite is one backend session. pglite-socket's default (kept here) accepts one client connection at
 * a time and closes any other immediately ("Connection terminated unexpectedly" on the client side):
 * it does not queue them. Clients must therefore use a single connection, one after the other
 * (`createPrisma(url, { maxConnections: 1 })`, migrate() before the application's pool opens).
 * The server's multiplexing mode would accept more, but all of them would share one session
 * (advisory locks, SET, transactions), which would quietly defeat migrate()'s lock.
 */

export type EmbeddedPostgres = { url: string; stop(): Promise<void> };

export type EmbeddedPostgresOptions = {
  dataDir: string;
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  log?: (m: string) => void;
};

class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

function portTakenError(port: number, host: string, cause: unknown): EmbeddedPostgresError {
  const code = (cause as NodeJS.ErrnoException).code;
  const reason = code === 'EACCES' ? "n'est pas autorisé" : 'est déjà utilisé';
  return new EmbeddedPostgresError(
    `Le port ${port} (${host}) ${reason} : impossible d'y démarrer le PostgreSQL embarqué. ` +
      `Choisissez un autre port avec la variable EMBEDDED_DB_PORT, ou arrêtez le programme qui l'occupe.`,
    { cause },
  );
}

/** Fails fast, before PGlite spends seconds opening its files, when the port cannot be bound. */
async function checkPortFree(port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error) => reject(portTakenError(port, host, error)));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

const openHere = new Set<string>();

/**
 * PGlite has no lock of its own on its files: two instances opening the same directory would corrupt
 * it. A pid file refuses a second process while the first is alive; a set does the same within this one.
 */
function lockDataDir(pgliteDir: string): () => void {
  const pidFile = `${pgliteDir}.pid`;
  const refuse = (holder: number) =>
    new EmbeddedPostgresError(
      `Les données du PostgreSQL embarqué (${pgliteDir}) sont déjà ouvertes par le processus ${holder}. ` +
        `Arrêtez-le, ou supprimez ${pidFile} si ce processus n'est pas Siamo.`,
    );
  if (openHere.has(pgliteDir)) throw refuse(process.pid);
  try {
    writeFileSync(pidFile, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number(readFileSync(pidFile, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) throw refuse(holder);
    // Left behind by a process that died without stopping: take it over.
    writeFileSync(pidFile, String(process.pid));
  }
  openHere.add(pgliteDir);
  return () => {
    openHere.delete(pgliteDir);
    rmSync(pidFile, { force: true });
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const pgliteDir = path.resolve(options.dataDir, 'pglite');

  if (options.port !== 0) await checkPortFree(options.port, host);
  mkdirSync(pgliteDir, { recursive: true });
  const unlock = lockDataDir(pgliteDir);

  const started = Date.now();
  let db: PGlite;
  try {
    // btree_gist: the exclusion constraints of the referentials (no two versions of a code overlapping
    // in time) and of the enrolment (one NIN, one active affiliation). PGlite ships the extension but
    // only lets `CREATE EXTENSION` find it when loaded here.
    db = await PGlite.create({ dataDir: pgliteDir, extensions: { btree_gist } });
  } catch (error) {
    unlock();
    throw error;
  }
  const server = new PGLiteSocketServer({ db, port: options.port, host });
  try {
    await server.start();
  } catch (error) {
    await db.close().catch(() => undefined);
    unlock();
    const code = (error as NodeJS.ErrnoException).code;
    throw code === 'EADDRINUSE' || code === 'EACCES' ? portTakenError(options.port, host, error) : error;
  }

  const port = Number(server.getServerConn().split(':').pop());
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `postgresql://postgres@${urlHost}:${port}/postgres`;
  log(`PostgreSQL embarqué (PGlite) prêt sur ${host}:${port} en ${Date.now() - started} ms, données dans ${pgliteDir}`);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await server.stop();
      // server.stop() detaches its connections without awaiting them, and a detach may still roll
      // back an open transaction on PGlite: let that run before the database goes away.
      await new Promise((resolve) => setImmediate(resolve));
      await db.close();
      unlock();
      log('PostgreSQL embarqué arrêté.');
    })();
    return stopping;
  };
  return { url, stop };
}
