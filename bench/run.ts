import './engine.ts';
import './batch.ts';
import './referentiel.ts';
import './adhesion.ts';
import './recouvrement.ts';
import './droits-checks.ts';
import { registeredBenchmarks } from './registry.ts';

// `npm run bench [-- <name> …]`: every registered benchmark, or those named, one after the other.

const wanted = process.argv.slice(2).filter((a) => a !== '--');
const all = registeredBenchmarks();
const unknown = wanted.filter((name) => !all.some((b) => b.name === name));
if (unknown.length > 0) {
  console.error(
    `Banc d’essai inconnu : ${unknown.join(', ')}. Disponibles : ${all.map((b) => `${b.name} (${b.description})`).join(', ')}.`,
  );
  process.exit(2);
}
for (const benchmark of wanted.length === 0 ? all : all.filter((b) => wanted.includes(b.name))) {
  console.log(`== ${benchmark.name}: ${benchmark.description}`);
  try {
    await benchmark.run();
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  }
}
