import { readdirSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { ConfigError, loadConfig } from '../config/env.ts';
import { loadTemporalSettings } from '../config/temporal-settings.ts';
import { restoreBackup } from './backup/restore.ts';

// `npm run restore -- <archive> [--oui]`. Asks before replacing anything; without a terminal to ask
// on (a script, cron), it only goes ahead with --oui.

const USAGE = 'npm run restore -- <archive.tar.gz> [--oui]';

try {
  const args = process.argv.slice(2);
  const yes = args.includes('--oui') || args.includes('--yes');
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--oui' && a !== '--yes');
  if (unknown.length) throw new ConfigError(`Option inconnue : ${unknown.join(', ')}. Usage : ${USAGE}`);
  const archive = args.find((a) => !a.startsWith('--'));
  const config = loadConfig();
  if (!archive) {
    let found: string[] = [];
    try {
      found = readdirSync(config.backupDir)
        .filter((f) => f.endsWith('.tar.gz'))
        .sort();
    } catch {}
    throw new ConfigError(
      `Donnez l’archive à restaurer : ${USAGE}.` +
        (found.length ? `\nArchives dans ${config.backupDir} :\n${found.map((f) => `  ${f}`).join('\n')}` : ''),
    );
  }
  const result = await restoreBackup(config, loadTemporalSettings(), {
    archive,
    log: (m) => console.log(m),
    confirm: async (description) => {
      console.log('Cette restauration remplace les données actuelles par :');
      for (const line of description) console.log(`  - ${line}`);
      if (yes) return true;
      if (!process.stdin.isTTY) {
        throw new ConfigError(
          'Restauration refusée : pas de terminal pour la confirmer. Relancez avec --oui pour la faire sans question.',
        );
      }
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return (await rl.question('Restaurer ? Tapez « oui » pour confirmer : ')).trim().toLowerCase() === 'oui';
      } finally {
        rl.close();
      }
    },
  });
  if (!result) {
    console.log('Restauration abandonnée : rien n’a changé.');
    process.exit(1);
  }
  console.log('Restauration faite. Restauré :');
  for (const line of result.restored) console.log(`  - ${line}`);
  if (result.setAside) console.log(`Les données remplacées sont gardées dans ${result.setAside}.`);
  if (result.manifest.temporal.kind === 'cluster') {
    console.log(
      'Attention : l’état de Temporal n’est pas dans cette archive ; restaurez celui du cluster au même moment.',
    );
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Restauration impossible : ${(error as Error).message}`);
  process.exit(1);
}
