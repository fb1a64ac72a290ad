import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '../../prisma/client.ts';
import { dakarDay } from '../../processes/calendar.ts';
import { type ReferentialDefinition, referentialDefinition } from '../../processes/referentials/catalogue.ts';
import type { VersionStatus } from '../../processes/referentials/statuses.ts';
import { checkReferences } from './check-references.ts';
import { decodeReferentialFile } from './decode-file.ts';
import { DIFF_ORDER, DIFF_ROWS } from './diff-sql.ts';
import { type FileProblem, fileProblem } from './file-problem.ts';
import {
  type InvalidRow,
  type ParsedFile,
  type ParsedRow,
  parseReferentialSheet,
  parseReferentialText,
} from './parse-file.ts';
import { looksLikeXlsx, readXlsx } from './xlsx.ts';

// The one way a file becomes a version: read (decode-file, parse-file), references checked, then in one
// transaction the version, its rows and its report are written — or, when a line is invalid, the version
// and its invalid lines only (« brouillon »: it cannot be approved; nothing of it is in force). A file
// refused as a whole (layout, encoding, size...) writes nothing. Rows go in chunks of multi-row
// statements (jsonb_to_recordset); the difference with the version it would replace is computed by
// PostgreSQL (diff-sql.ts), never row by row.

export interface ImportVersionOptions {
  referential: string;
  file: Uint8Array;
  fileName: string;
  title: string;
  /** The importing person's id (or `systeme` for shipped data). */
  importedBy: string;
  /** The IPM or provider whose series it joins, for a referential each keeps for itself (`ownedBy`). */
  ownerOrganisationId?: string;
  /** The day references are checked against (default: today in Dakar). */
  day?: string;
  maxBytes?: number;
}

export interface ReportSummary {
  encoding: string;
  separator: string;
  lignes: number;
  valides: number;
  invalides: number;
  ajouts: number;
  retraits: number;
  modifications: number;
  inchanges: number;
}

export type ImportVersionResult =
  | { problem: FileProblem }
  | { versionId: string; number: number; status: VersionStatus; comparedWithId: string | null; summary: ReportSummary };

/** The default limit of an imported file (configurable by the caller). */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

const CHUNK_ROWS = 5000;

export async function importReferentialVersion(
  prisma: PrismaClient,
  options: ImportVersionOptions,
): Promise<ImportVersionResult> {
  const definition = referentialDefinition(options.referential);
  if (!definition) {
    return {
      problem: fileProblem(
        'referentiel-inconnu',
        `Le référentiel « ${options.referential} » n’existe pas.`,
        'Choisissez un référentiel de la liste /referentiels.',
      ),
    };
  }
  const owner = definition.ownerOrganisationId ?? options.ownerOrganisationId;
  if (!owner) {
    return {
      problem: fileProblem(
        'proprietaire-inconnu',
        `Le référentiel « ${definition.title} » est tenu par chaque ${definition.ownedBy === 'prestataire' ? 'prestataire' : 'IPM'} : il faut savoir de qui est la version.`,
        'Importez-le depuis un compte de l’organisation qui le tient.',
      ),
    };
  }
  const parsed = await readFile(definition, options.file, options.maxBytes ?? DEFAULT_MAX_BYTES);
  if ('problem' in parsed) return parsed;
  if (parsed.dataLines === 0) {
    return {
      problem: fileProblem(
        'fichier-vide',
        'Le fichier n’a que sa ligne d’en-tête : aucune ligne de données.',
        'Ajoutez une ligne par code sous l’en-tête, puis importez-le de nouveau.',
      ),
    };
  }
  const day = options.day ?? dakarDay(new Date());
  const sha256 = createHash('sha256').update(options.file).digest('hex');

  return prisma.$transaction(
    async (tx) => {
      const checked = await checkReferences(tx, definition, parsed.rows, day, owner);
      const invalid = [...parsed.invalid, ...checked.invalid].sort((a, b) => a.line - b.line);
      const status: VersionStatus = invalid.length > 0 ? 'brouillon' : 'validee';
      const number = await nextNumber(tx, definition, owner);
      const previous = await tx.referentialVersion.findFirst({
        where: {
          referentialCode: definition.code,
          ownerOrganisationId: owner,
          status: { in: ['programmee', 'en_vigueur'] },
        },
        orderBy: { number: 'desc' },
        select: { id: true },
      });
      const version = await tx.referentialVersion.create({
        data: {
          referentialCode: definition.code,
          ownerOrganisationId: owner,
          number,
          title: options.title,
          status,
          importedBy: options.importedBy,
          fileName: options.fileName,
          sha256,
          comparedWithId: previous?.id ?? null,
        },
        select: { id: true },
      });
      const counts = { ajouts: 0, retraits: 0, modifications: 0 };
      if (status === 'validee') {
        await insertRows(tx, version.id, definition.code, owner, checked.rows);
        Object.assign(counts, await storeDiff(tx, version.id, previous?.id ?? null));
      } else {
        await insertInvalid(tx, version.id, invalid);
      }
      const valid = status === 'validee' ? checked.rows.length : parsed.rows.length - checked.invalid.length;
      const summary: ReportSummary = {
        encoding: parsed.encoding,
        separator: parsed.separator,
        lignes: parsed.dataLines,
        valides: valid,
        invalides: invalid.length,
        ...counts,
        inchanges: status === 'validee' ? checked.rows.length - counts.ajouts - counts.modifications : 0,
      };
      await tx.referentialVersion.update({
        where: { id: version.id },
        data: { rowCount: status === 'validee' ? checked.rows.length : 0, report: { ...summary } },
      });
      return { versionId: version.id, number, status, comparedWithId: previous?.id ?? null, summary };
    },
    { timeout: 300_000, maxWait: 30_000 },
  );
}

/** A workbook (XLSX) or a CSV file, to the same rows and invalid lines. */
async function readFile(
  definition: ReferentialDefinition,
  file: Uint8Array,
  maxBytes: number,
): Promise<ParsedFile | { problem: FileProblem }> {
  if (looksLikeXlsx(file) && file.length <= maxBytes) {
    const reading = await readXlsx(file);
    return 'problem' in reading ? reading : parseReferentialSheet(definition, reading);
  }
  const decoded = decodeReferentialFile(file, maxBytes);
  if ('problem' in decoded) return decoded;
  return parseReferentialText(definition, decoded.text, decoded.encoding);
}

/** Locks the referential's row, so that two imports at once take numbers (in the owner's series) one after the other. */
async function nextNumber(
  tx: Prisma.TransactionClient,
  definition: ReferentialDefinition,
  owner: string,
): Promise<number> {
  await tx.$executeRawUnsafe(
    `INSERT INTO "Referential" (code, title, "ownerOrganisationId", "ownedBy", "ownerLabel", "codeFormat", fields)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT (code) DO NOTHING`,
    definition.code,
    definition.title,
    definition.ownerOrganisationId ?? null,
    definition.ownedBy ?? null,
    definition.ownerLabel,
    definition.codeFormat,
    JSON.stringify(definition.fields),
  );
  const rows = await tx.$queryRawUnsafe<{ next: number }[]>(
    `SELECT (SELECT coalesce(max(number), 0) + 1 FROM "ReferentialVersion"
             WHERE "referentialCode" = r.code AND "ownerOrganisationId" = $2)::int AS next
     FROM "Referential" r WHERE r.code = $1 FOR UPDATE`,
    definition.code,
    owner,
  );
  return rows[0]?.next ?? 1;
}

async function insertRows(
  tx: Prisma.TransactionClient,
  versionId: string,
  referential: string,
  owner: string,
  rows: ParsedRow[],
) {
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
    const chunk = rows.slice(i, i + CHUNK_ROWS).map((r) => ({ code: r.code, fields: r.fields, line: r.line }));
    await tx.$executeRawUnsafe(
      `INSERT INTO "ReferentialRow" ("versionId", "referentialCode", "ownerOrganisationId", code, fields, line)
       SELECT $1, $2, $4, r.code, r.fields, r.line FROM jsonb_to_recordset($3::jsonb) AS r(code text, fields jsonb, line int)`,
      versionId,
      referential,
      JSON.stringify(chunk),
      owner,
    );
  }
}

async function insertInvalid(tx: Prisma.TransactionClient, versionId: string, invalid: InvalidRow[]) {
  for (let i = 0; i < invalid.length; i += CHUNK_ROWS) {
    const chunk = invalid.slice(i, i + CHUNK_ROWS).map((r, j) => ({ ...r, position: i + j + 1 }));
    await tx.$executeRawUnsafe(
      `INSERT INTO "ReferentialReportLine" ("versionId", position, kind, code, line, reason)
       SELECT $1, r.position, 'invalide', r.code, r.line, r.reason
       FROM jsonb_to_recordset($2::jsonb) AS r(position int, code text, line int, reason text)`,
      versionId,
      JSON.stringify(chunk),
    );
  }
}

async function storeDiff(tx: Prisma.TransactionClient, versionId: string, previousId: string | null) {
  await tx.$executeRawUnsafe(
    `INSERT INTO "ReferentialReportLine" ("versionId", position, kind, code, line, changes)
     SELECT $1, (row_number() OVER (ORDER BY ${DIFF_ORDER}))::int, kind, code, line, changes FROM (${DIFF_ROWS}) d`,
    versionId,
    previousId ?? '',
  );
  const counts = await tx.$queryRawUnsafe<{ kind: string; n: number }[]>(
    `SELECT kind, count(*)::int AS n FROM "ReferentialReportLine" WHERE "versionId" = $1 GROUP BY kind`,
    versionId,
  );
  const of = (kind: string) => counts.find((c) => c.kind === kind)?.n ?? 0;
  return { ajouts: of('ajout'), retraits: of('retrait'), modifications: of('modification') };
}
