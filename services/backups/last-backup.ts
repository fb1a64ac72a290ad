import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What supervision shows of the last backup that ended well. */
export type LastBackup = { at: Date; archive: string; bytes: number };

/**
 * A small file in the data folder rather than a table: in embedded mode the backup runs while Siamo,
 * and so its database, is stopped. A backup never holds this file and a restore never replaces it.
 */
export const LAST_BACKUP_FILE = 'derniere-sauvegarde.json';

export async function recordLastBackup(dataDir: string, backup: LastBackup): Promise<void> {
  const file = path.join(dataDir, LAST_BACKUP_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  await mkdir(dataDir, { recursive: true });
  await writeFile(temporary, JSON.stringify({ ...backup, at: backup.at.toISOString() }, null, 2));
  await rename(temporary, file);
}

export async function readLastBackup(dataDir: string): Promise<LastBackup | null> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, LAST_BACKUP_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = JSON.parse(text) as { at: string; archive: string; bytes: number };
  const at = new Date(parsed.at);
  return Number.isNaN(at.getTime()) ? null : { at, archive: parsed.archive, bytes: parsed.bytes };
}
