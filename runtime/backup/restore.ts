import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config/env.ts';
import type { TemporalSettings } from '../../config/temporal-settings.ts';
import { allParts, dataFolderParts } from './data-folder.ts';
import { MANIFEST_MEMBER, type Manifest, parseManifest } from './manifest.ts';
import { restoreDatabase } from './postgres-dump.ts';
import { signsOfRunningSiamo } from './siamo-running.ts';
import { extractArchive, readArchiveMember } from './tar.ts';

export type RestoreResult = {
  manifest: Manifest;
  /** What was restored, one French line per part. */
  restored: string[];
  /** Where what the restore replaced was put, or null when nothing was replaced. */
  setAside: string | null;
};

export class RestoreRefused extends Error {
  override name = 'RestoreRefused';
}

const stamp = (at: Date) =>
  at
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-');
const octets = (bytes: number) => new Intl.NumberFormat('fr-FR').format(bytes);

/** The refusals that depend on the archive and the configuration only, before anything is touched. */
function checkFits(manifest: Manifest, config: Config): void {
  if (manifest.database.kind === 'pglite' && config.DATABASE_URL) {
    throw new RestoreRefused(
      'Restauration refusée : l’archive contient une base embarquée (PGlite), mais DATABASE_URL désigne un serveur. ' +
        'Retirez DATABASE_URL pour restaurer en mode embarqué.',
    );
  }
  if (manifest.database.kind === 'pg_dump' && !config.DATABASE_URL) {
    throw new RestoreRefused(
      'Restauration refusée : l’archive contient un export d’un serveur PostgreSQL (pg_dump) et DATABASE_URL n’est pas ' +
        'défini. Donnez DATABASE_URL de la base à remplacer.',
    );
  }
  if (manifest.temporal.kind === 'serveur_de_developpement' && config.TEMPORAL_ADDRESS) {
    throw new RestoreRefused(
      'Restauration refusée : l’archive contient l’état du serveur Temporal de développement, mais TEMPORAL_ADDRESS ' +
        'désigne un cluster : la base ne correspondrait pas aux workflows de ce cluster.',
    );
  }
}

/** What a restore of this archive would do, in French, to show before asking. */
export function describeArchive(manifest: Manifest, archive: string): string[] {
  const lines = [`Sauvegarde du ${manifest.createdAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')} (${archive})`];
  lines.push(
    manifest.database.kind === 'pglite'
      ? `Base de données : PostgreSQL embarqué (dossier ${manifest.database.path})`
      : `Base de données : ${manifest.database.server}, par pg_restore (${manifest.database.cases} dossiers à la sauvegarde)`,
  );
  lines.push(
    manifest.temporal.kind === 'serveur_de_developpement'
      ? `Temporal : état du serveur de développement (${manifest.temporal.files.join(', ') || 'aucun fichier'})`
      : `Temporal : non compris (cluster ${manifest.temporal.address} : restaurez sa persistance au même moment)`,
  );
  lines.push(`Documents : ${manifest.documents.files} fichiers (${octets(manifest.documents.bytes)} octets)`);
  lines.push(`Clés : ${manifest.keys.join(', ') || 'aucune'}`);
  if (manifest.mail) lines.push('Courriels du capteur local : mail');
  return lines;
}

export async function readManifest(archive: string): Promise<Manifest> {
  if (!existsSync(archive)) throw new RestoreRefused(`Archive introuvable : ${archive}.`);
  return parseManifest(await readArchiveMember(archive, MANIFEST_MEMBER), archive);
}

/**
 * Puts an archive of `createBackup` back in place of the current data: the database first (pg_restore
 * in one transaction, or the PGlite folder), then the data folder's parts. Nothing is deleted: what
 * was there is moved to `avant-restauration-<date>/` in the data folder. Refused while Siamo runs.
 */
export async function restoreBackup(
  config: Config,
  settings: TemporalSettings,
  options: {
    archive: string;
    /** Asked once everything is checked, with what would be restored; false stops without a change. */
    confirm: (description: string[]) => Promise<boolean>;
    now?: Date;
    log?: (message: string) => void;
  },
): Promise<RestoreResult | null> {
  const log = options.log ?? (() => {});
  const archive = path.resolve(options.archive);
  const signs = await signsOfRunningSiamo(config, settings);
  if (signs.length) {
    throw new RestoreRefused(
      `Restauration refusée : Siamo semble en marche (${signs.join(' ; ')}). Arrêtez-le, puis relancez la restauration.`,
    );
  }
  const manifest = await readManifest(archive);
  checkFits(manifest, config);
  const description = describeArchive(manifest, archive);
  if (!(await options.confirm(description))) return null;

  await mkdir(config.dataDir, { recursive: true });
  const staging = await mkdtemp(path.join(config.dataDir, '.restauration-'));
  try {
    log('Extraction de l’archive…');
    await extractArchive(archive, staging);
    for (const part of manifest.dataParts) {
      if (!existsSync(path.join(staging, part)))
        throw new RestoreRefused(`L’archive est incomplète : ${part} y manque.`);
    }
    if (manifest.database.kind === 'pg_dump' && config.DATABASE_URL) {
      log('Base de données : pg_restore…');
      await restoreDatabase(config.DATABASE_URL, path.join(staging, manifest.database.file));
    }

    const setAside = path.join(config.dataDir, `avant-restauration-${stamp(options.now ?? new Date())}`);
    let movedAside = false;
    const current = new Set([...allParts(dataFolderParts(config, settings)), ...manifest.dataParts]);
    for (const part of current) {
      const target = path.join(config.dataDir, part);
      if (!existsSync(target)) continue;
      await mkdir(path.dirname(path.join(setAside, part)), { recursive: true });
      await rename(target, path.join(setAside, part));
      movedAside = true;
    }
    for (const part of manifest.dataParts) {
      await mkdir(path.dirname(path.join(config.dataDir, part)), { recursive: true });
      await rename(path.join(staging, part), path.join(config.dataDir, part));
    }
    return { manifest, restored: description, setAside: movedAside ? setAside : null };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
