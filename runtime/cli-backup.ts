import { ConfigError, loadConfig } from '../config/env.ts';
import { loadTemporalSettings } from '../config/temporal-settings.ts';
import { createBackup } from './backup/backup.ts';
import { describeArchive } from './backup/restore.ts';

// `npm run backup`: one dated archive under SIAMO_BACKUP_DIR (or `--dossier <folder>`).

try {
  const args = process.argv.slice(2);
  const folder = args.indexOf('--dossier');
  if (folder >= 0 && !args[folder + 1])
    throw new ConfigError('--dossier demande un dossier : --dossier /chemin/des/sauvegardes');
  const env = folder >= 0 ? { ...process.env, SIAMO_BACKUP_DIR: args[folder + 1] } : process.env;
  const config = loadConfig(env);
  const result = await createBackup(config, loadTemporalSettings(), { log: (m) => console.log(m) });
  console.log(`Sauvegarde écrite : ${result.archive} (${result.bytes} octets). Elle contient :`);
  for (const line of describeArchive(result.manifest, result.archive).slice(1)) console.log(`  - ${line}`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Sauvegarde impossible : ${(error as Error).message}`);
  process.exit(1);
}
