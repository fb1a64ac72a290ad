import type { ReferentialDefinition } from '../../processes/referentials/catalogue.ts';
import type { InvalidRow, ParsedRow } from './parse-file.ts';

// A referential whose rows nest (the administrative division) says in its definition at which level a
// row's parent must be. The parent is read in the same file, since a version replaces the previous
// one as a whole: a commune whose département is not in the file, or whose parent is a région, is
// refused, so that no lookup ever climbs from a commune to a missing département.

const ARTICLE: Record<string, string> = {
  region: 'une région',
  departement: 'un département',
  commune: 'une commune',
};
const named = (level: string) => ARTICLE[level] ?? `le niveau « ${level} »`;
const capitalised = (level: string) => {
  const words = named(level);
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export function checkLevels(
  definition: ReferentialDefinition,
  rows: ParsedRow[],
  /** Every row the file holds, valid or not, where parents are looked for. */
  fileRows: readonly ParsedRow[] = rows,
): { rows: ParsedRow[]; invalid: InvalidRow[] } {
  const levels = definition.levels;
  if (!levels) return { rows, invalid: [] };
  const levelOf = new Map<string, string>();
  for (const row of fileRows) levelOf.set(row.code, String(row.fields[levels.levelField] ?? ''));

  const kept: ParsedRow[] = [];
  const invalid: InvalidRow[] = [];
  for (const row of rows) {
    const level = levelOf.get(row.code) ?? '';
    const parent = row.fields[levels.parentField];
    const expected = levels.parentLevel[level];
    let reason: string | null = null;
    if (expected === null && typeof parent === 'string' && parent !== '') {
      reason = `${capitalised(level)} n’a pas de parent : videz la colonne « ${levels.parentField} ».`;
    } else if (typeof expected === 'string') {
      if (typeof parent !== 'string' || parent === '') {
        reason = `${capitalised(level)} a pour parent ${named(expected)} : indiquez son code dans la colonne « ${levels.parentField} ».`;
      } else {
        const parentLevel = levelOf.get(parent);
        if (parentLevel === undefined)
          reason = `${capitalised(level)} a pour parent ${named(expected)} : « ${parent} » n’est pas dans le fichier.`;
        else if (parentLevel !== expected)
          reason = `${capitalised(level)} a pour parent ${named(expected)} : « ${parent} » est ${named(parentLevel)}.`;
      }
    }
    if (reason) invalid.push({ line: row.line, code: row.code, reason });
    else kept.push(row);
  }
  return { rows: kept, invalid };
}
