import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './index.ts';

// `npm run schema:print`: writes schema.graphql, the API's contract, committed with the code. A test
// fails when the two drift apart.

export const SCHEMA_FILE = fileURLToPath(new URL('../schema.graphql', import.meta.url));

export const printedSchema = (): string => `${printSchema(schema)}\n`;

/**
 * A schema's SDL in one canonical form (sorted, printed by graphql-js): two files say the same thing
 * exactly when their canonical forms are equal, however they were laid out.
 */
export const canonicalSchema = (sdl: string): string => printSchema(lexicographicSortSchema(buildSchema(sdl)));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_FILE, printedSchema());
  // Laid out as Biome lays it out, so that `npm run format` and `npm run check` leave it alone.
  const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
  execFileSync(process.execPath, [biome, 'format', '--write', SCHEMA_FILE], { stdio: 'ignore' });
  console.log(`Schéma GraphQL écrit dans ${SCHEMA_FILE}`);
}
