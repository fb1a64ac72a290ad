import type { Prisma } from '../../prisma/client.ts';
import { type ReferentialDefinition, referentialDefinition } from '../../processes/referentials/catalogue.ts';
import type { InvalidRow, ParsedRow } from './parse-file.ts';

// A row may name a code of another referential (a tariff its act, a provider its département): that
// code must be in force on the day of the import. Checked in one query per referential named, for every
// row at once; a referential that names itself (a département its région) is checked against the file,
// since the new version replaces the old as a whole. A referential kept by each IPM or provider is
// read in the importing owner's series only. A code made of fields (`codeJoins`) must be their join.

export async function checkReferences(
  db: Prisma.TransactionClient,
  definition: ReferentialDefinition,
  rows: ParsedRow[],
  day: string,
  owner: string,
  /** The codes of the whole file, when `rows` is one chunk of it (a self-reference may name any of them). */
  fileCodes: ReadonlySet<string> = new Set(rows.map((r) => r.code)),
): Promise<{ rows: ParsedRow[]; invalid: InvalidRow[] }> {
  const checks: { field: string | null; label: string; references: string }[] = [];
  if (definition.codeReferences) {
    checks.push({ field: null, label: 'Code', references: definition.codeReferences });
  }
  for (const f of definition.fields) {
    if (f.type === 'reference' && f.references)
      checks.push({ field: f.name, label: f.label, references: f.references });
  }
  const joins = definition.codeJoins ?? [];
  if (checks.length === 0 && joins.length === 0) return { rows, invalid: [] };

  const known = new Map<string, ReadonlySet<string>>();
  for (const target of new Set(checks.map((c) => c.references))) {
    if (target === definition.code) {
      known.set(target, fileCodes);
      continue;
    }
    const named = new Set<string>();
    for (const row of rows) {
      for (const check of checks.filter((c) => c.references === target)) {
        const value = check.field === null ? row.code : row.fields[check.field];
        if (typeof value === 'string') named.add(value);
      }
    }
    const ownSeries = referentialDefinition(target)?.ownedBy !== undefined;
    const found = await db.$queryRawUnsafe<{ code: string }[]>(
      `SELECT DISTINCT code FROM "ReferentialRow"
       WHERE "referentialCode" = $1 AND code = ANY($2::text[])
         AND "validFrom" IS NOT NULL AND daterange("validFrom", "validTo") @> $3::date
         ${ownSeries ? 'AND "ownerOrganisationId" = $4' : ''}`,
      target,
      [...named],
      day,
      ...(ownSeries ? [owner] : []),
    );
    known.set(target, new Set(found.map((f) => f.code)));
  }

  const kept: ParsedRow[] = [];
  const invalid: InvalidRow[] = [];
  const frenchDay = day.split('-').reverse().join('/');
  for (const row of rows) {
    const reasons: string[] = [];
    if (joins.length > 0) {
      const joined = joins.map((name) => String(row.fields[name] ?? '')).join('-');
      if (joined !== row.code)
        reasons.push(
          `Le code « ${row.code} » devrait être « ${joined} » (${joins.join(', puis ')}, séparés par un tiret).`,
        );
    }
    for (const check of checks) {
      const value = check.field === null ? row.code : row.fields[check.field];
      if (typeof value !== 'string' || known.get(check.references)?.has(value)) continue;
      reasons.push(
        check.references === definition.code
          ? `« ${check.label} » : le code « ${value} » n’est pas dans le fichier.`
          : `« ${check.label} » : le code « ${value} » n’existe pas dans le référentiel « ${check.references} » en vigueur au ${frenchDay}.`,
      );
    }
    if (reasons.length > 0) invalid.push({ line: row.line, code: row.code, reason: reasons.join(' ') });
    else kept.push(row);
  }
  return { rows: kept, invalid };
}
