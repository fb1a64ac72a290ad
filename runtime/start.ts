import { ConfigError, loadConfig } from '../config/env.ts';
import { loadTemporalSettings } from '../config/temporal-settings.ts';
import { startSiamo } from './siamo.ts';

// `npm start`: the whole product on one machine. Ctrl-C stops it cleanly; the next start finds the
// cases of the previous one (database and Temporal state live under SIAMO_DATA_DIR).
// The script is `exec node --import tsx …`: npm hands a SIGINT or SIGTERM it receives to its child
// only, and a shell (or tsx's own command) in between would keep it, leaving Siamo running without
// npm — so the shell becomes Siamo's Node process itself.

try {
  const config = loadConfig();
  const siamo = await startSiamo(config, loadTemporalSettings());
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      // A second Ctrl-C: whoever presses it does not want to wait.
      console.log('Arrêt immédiat.');
      process.exit(1);
    }
    stopping = true;
    console.log(`\n${signal} reçu : arrêt de Siamo…`);
    await siamo.stop();
    console.log('Siamo est arrêté.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(`Siamo n’a pas pu démarrer : ${(error as Error).message}`);
  process.exit(1);
}
