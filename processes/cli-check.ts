import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkDefinition } from './check.ts';
import type { ProcessDefinition } from './model.ts';
import { DEFINITIONS } from './registry.ts';

// `npm run processes:check [file.json …]`: checks every definition under processes/ (and any JSON
// definition given), and that a domain declares each definition file, so none is forgotten at deploy.

const root = path.dirname(fileURLToPath(import.meta.url));
const problems: string[] = [];
let count = 0;

/** Every `v<n>.ts` under processes/, a domain's folders included. */
const definitionFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? definitionFiles(path.join(dir, entry.name))
      : /^v\d+\.ts$/.test(entry.name)
        ? [path.join(dir, entry.name)]
        : [],
  );

for (const full of definitionFiles(root)) {
  const file = path.join('processes', path.relative(root, full));
  const definition = (await import(pathToFileURL(full).href)).default as ProcessDefinition;
  problems.push(...checkDefinition(definition, file, DEFINITIONS));
  if (!DEFINITIONS.includes(definition))
    problems.push(`${file} : aucun domaine ne le déclare (processes/domains.ts), il ne serait pas déployé`);
  count++;
}
for (const file of process.argv.slice(2)) {
  let definition: ProcessDefinition;
  try {
    definition = JSON.parse(readFileSync(file, 'utf8')) as ProcessDefinition;
  } catch (error) {
    problems.push(`${file} : illisible (${(error as Error).message}) : attendu un fichier JSON de définition`);
    continue;
  }
  problems.push(...checkDefinition(definition, file, DEFINITIONS));
  count++;
}

if (problems.length > 0) {
  console.error(
    `${problems.length} problème(s) dans les définitions de processus :\n${problems.map((p) => `  - ${p}`).join('\n')}`,
  );
  process.exit(1);
}
console.log(`${count} définition(s) de processus vérifiée(s) : aucun problème.`);
