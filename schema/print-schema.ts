import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { schema } from './index.ts';

// `npm run schema:print`: writes schema.graphql, the API's contract, committed with the code. A test
// fails when the two drift apart.

export const SCHEMA_FILE = fileURLToPath(new URL('../schema.graphql', import.meta.url));

export const printedSchema = (): string => `${printSchema(schema)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_FILE, printedSchema());
  console.log(`Schéma GraphQL écrit dans ${SCHEMA_FILE}`);
}
