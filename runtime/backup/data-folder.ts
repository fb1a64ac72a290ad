import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/env.ts';
import type { TemporalSettings } from '../../config/temporal-settings.ts';

/**
 * What of the data folder a backup holds, as paths relative to it. Listed rather than the whole folder,
 * so that a backup never holds what a restore put aside, the lock files or the record of backups.
 */
export type DataFolderParts = {
  /** `pglite/` in embedded mode; absent when DATABASE_URL names a server (it is dumped instead). */
  pglite: string | null;
  /** The dev server's state file and its SQLite companions; empty with TEMPORAL_ADDRESS. */
  temporal: string[];
  documents: string | null;
  /** Key files: `*.key` and `*.keys` at the top of the data folder, and the `keys/` folder. */
  keys: string[];
  /** The local mail catcher's folder, when no SMTP_URL. */
  mail: string | null;
};

const KEY_FILE = /\.keys?$/;
const SQLITE_COMPANIONS = ['', '-wal', '-shm', '-journal'];

export const embeddedDatabase = (config: Pick<Config, 'DATABASE_URL'>) => !config.DATABASE_URL;
export const embeddedTemporal = (config: Pick<Config, 'TEMPORAL_ADDRESS'>) => !config.TEMPORAL_ADDRESS;

/** The dev server's state file relative to the data folder, or null when it keeps nothing (or is not used). */
export function temporalStateFile(config: Config, settings: TemporalSettings): string | null {
  if (!embeddedTemporal(config)) return null;
  const absolute = path.resolve(config.dataDir, settings.devServer.dbFile);
  const relative = path.relative(config.dataDir, absolute);
  return relative.startsWith('..') || path.isAbsolute(relative) ? null : relative;
}

export function dataFolderParts(config: Config, settings: TemporalSettings): DataFolderParts {
  const dir = config.dataDir;
  const present = (relative: string) => existsSync(path.join(dir, relative));
  const stateFile = temporalStateFile(config, settings);
  const topLevel = existsSync(dir) ? readdirSync(dir) : [];
  return {
    pglite: embeddedDatabase(config) && present('pglite') ? 'pglite' : null,
    temporal: stateFile ? SQLITE_COMPANIONS.map((suffix) => stateFile + suffix).filter(present) : [],
    documents: present('documents') ? 'documents' : null,
    keys: [
      ...topLevel.filter((name) => KEY_FILE.test(name) && statSync(path.join(dir, name)).isFile()).sort(),
      ...(present('keys') ? ['keys'] : []),
    ],
    mail: !config.SMTP_URL && present('mail') ? 'mail' : null,
  };
}

export const allParts = (parts: DataFolderParts): string[] =>
  [parts.pglite, ...parts.temporal, parts.documents, ...parts.keys, parts.mail].filter(
    (part): part is string => part !== null,
  );

/** Number of files and bytes under a path (a file or a folder). */
export function measure(target: string): { files: number; bytes: number } {
  if (!existsSync(target)) return { files: 0, bytes: 0 };
  const stat = statSync(target);
  if (stat.isFile()) return { files: 1, bytes: stat.size };
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(target, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}
