import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printedSchema, SCHEMA_FILE } from '../schema/print-schema.ts';

// schema.graphql is the API's contract, committed with the code: reviewers see every change of the
// API in it, and clients generate their types from it.

describe('schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema:print` after changing the API)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8'), 'schema.graphql a dérivé : lancez npm run schema:print').toBe(
      printedSchema(),
    );
  });
});
