import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalSchema, printedSchema, SCHEMA_FILE } from '../schema/print-schema.ts';

// schema.graphql is the API's contract, committed with the code: reviewers see every change of the
// API in it, and clients generate their types from it. Compared in canonical form, so that its layout
// (Biome formats it) does not matter — its types, fields, arguments and descriptions do.

describe('schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema:print` after changing the API)', () => {
    expect(
      canonicalSchema(readFileSync(SCHEMA_FILE, 'utf8')),
      'schema.graphql a dérivé du code : lancez npm run schema:print',
    ).toBe(canonicalSchema(printedSchema()));
  });
});
