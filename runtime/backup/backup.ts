import { chmod, mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../../config/env.ts';
import type { TemporalSettings } from '../../config/temporal-settings.ts';
import { recordLastBackup } from '../../services/backups/last-backup.ts';
import { allParts, dataFolderParts, embeddedDatabase, embeddedTemporal, measure } from './data-folder.ts';
import { ARCHIVE_META_DIR, DUMP_FILE, type Manifest } from './manifest.ts';
import { dumpDatabase } from './postgres-dump.ts';
import { signsOfRunningSiamo } from './siamo-running.ts';
import { createArchive } from './tar.ts';

export type BackupResult = { archive: string; bytes: number; manifest: Manifest };

/** `siamo-2026-12-02T01-23-45Z.tar.gz`: sorts by date, and no colon for the file systems that refuse one. */
export const archiveName = (at: Date) =>
  `siamo-${at
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-')}.tar.gz`;

const redactUrl = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
};

async function countCases(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM "Case"');
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/**
 * Writes one dated archive of everything a restore needs: the database (a pg_dump of a server, or the
 * embedded PGlite folder), the documents, the key files and, with the embedded dev server, Temporal's
 * state. Embedded pieces are copied as files, which is only consistent while nothing writes them: then
 * Siamo must be stopped. The archive is written under a temporary name and renamed once whole.
 */
export async function createBackup(
  config: Config,
  settings: TemporalSettings,
  options: { now?: Date; log?: (message: string) => void } = {},
): Promise<BackupResult> {
  const log = options.log ?? (() => {});
  const now = options.now ?? new Date();
  const embedded = embeddedDatabase(config) || embeddedTemporal(config);
  if (embedded) {
    const signs = await signsOfRunningSiamo(config, settings);
    if (signs.length) {
      throw new Error(
        `Sauvegarde refusée : Siamo semble en marche (${signs.join(' ; ')}). La base embarquée et l’état du ` +
          'serveur Temporal de développement se copient Siamo arrêté : arrêtez-le (Ctrl-C), puis relancez la sauvegarde.',
      );
    }
  }

  const parts = dataFolderParts(config, settings);
  await mkdir(config.backupDir, { recursive: true, mode: 0o700 });
  const staging = await mkdtemp(path.join(config.backupDir, '.en-cours-'));
  const archive = path.join(config.backupDir, archiveName(now));
  const partial = path.join(staging, 'archive.tar.gz');
  try {
    const meta = path.join(staging, ARCHIVE_META_DIR);
    await mkdir(meta);
    let database: Manifest['database'];
    if (config.DATABASE_URL) {
      log(`Base de données : pg_dump de ${redactUrl(config.DATABASE_URL)}…`);
      await dumpDatabase(config.DATABASE_URL, path.join(meta, DUMP_FILE));
      database = {
        kind: 'pg_dump',
        file: `${ARCHIVE_META_DIR}/${DUMP_FILE}`,
        server: redactUrl(config.DATABASE_URL),
        cases: await countCases(config.DATABASE_URL),
      };
    } else {
      if (!parts.pglite) throw new Error(`Aucune base embarquée dans ${config.dataDir}/pglite : rien à sauvegarder.`);
      database = { kind: 'pglite', path: parts.pglite };
    }
    const manifest: Manifest = {
      format: 'siamo-sauvegarde',
      version: 1,
      createdAt: now.toISOString(),
      database,
      temporal: config.TEMPORAL_ADDRESS
        ? { kind: 'cluster', address: config.TEMPORAL_ADDRESS }
        : { kind: 'serveur_de_developpement', files: parts.temporal },
      documents: parts.documents ? measure(path.join(config.dataDir, parts.documents)) : { files: 0, bytes: 0 },
      keys: parts.keys,
      mail: parts.mail !== null,
      dataParts: allParts(parts),
    };
    await writeFile(path.join(meta, 'manifest.json'), JSON.stringify(manifest, null, 2));
    log(`Archive : ${manifest.dataParts.join(', ') || 'aucun fichier du dossier de données'}…`);
    await createArchive(partial, [
      { dir: staging, paths: [ARCHIVE_META_DIR] },
      { dir: config.dataDir, paths: manifest.dataParts },
    ]);
    // It holds the keys: owner only.
    await chmod(partial, 0o600);
    await rename(partial, archive);
    const { size } = await stat(archive);
    await recordLastBackup(config.dataDir, { at: now, archive, bytes: size });
    return { archive, bytes: size, manifest };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
