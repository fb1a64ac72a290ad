import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '../../prisma/client.ts';
import { dakarDay } from '../../processes/calendar.ts';
import { type ReferentialDefinition, referentialDefinition } from '../../processes/referentials/catalogue.ts';
import type { VersionStatus } from '../../processes/referentials/statuses.ts';
import { checkLevels } from './check-levels.ts';
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

// The one way a file becomes a version, in three stages that a batch runs as its plan, its chunks and its
// end (import-batch.ts), or one process runs in one transaction (shipped data, the benchmark):
// - prepare: the file read as a whole (layout, encoding, size: a file refused as a whole writes nothing),
//   then the version numbered in its owner's series, « import en cours », with the file beside it;
// - a chunk: its slice of rows checked (references, levels) and written, or its invalid lines;
// - the end: when a line was invalid, the version keeps its invalid lines only (« brouillon »: it cannot
//   be approved); otherwise the difference with the version it would replace is computed by PostgreSQL
//   (diff-sql.ts) and it is « validée ». An import cancelled or failed keeps nothing but its status.
// A version « import en cours » is never read: its rows carry no dates until activation, and no
// decision applies to it, so a half-done import is never half in force.

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

export interface PreparedImport {
  versionId: string;
  number: number;
  ownerOrganisationId: string;
  /** Data lines of the file. */
  lines: number;
  chunkCount: number;
}

/** The default limit of an imported file (configurable by the caller). */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** Rows a chunk checks and writes: one multi-row statement. */
export const CHUNK_ROWS = 5000;

/** Reads the file as a whole and, when it can be imported, numbers its version and keeps the file. */
export async function prepareImport(
  db: Prisma.TransactionClient | PrismaClient,
  options: ImportVersionOptions,
): Promise<{ problem: FileProblem } | PreparedImport> {
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
  const write = async (tx: Prisma.TransactionClient) => {
    const number = await nextNumber(tx, definition, owner);
    const version = await tx.referentialVersion.create({
      data: {
        referentialCode: definition.code,
        ownerOrganisationId: owner,
        number,
        title: options.title,
        status: 'import_en_cours',
        importedBy: options.importedBy,
        fileName: options.fileName,
        sha256,
        importFile: { create: { content: Uint8Array.from(options.file), day: new Date(`${day}T00:00:00Z`) } },
      },
      select: { id: true },
    });
    remember(version.id, { definition, owner, parsed });
    return {
      versionId: version.id,
      number,
      ownerOrganisationId: owner,
      lines: parsed.dataLines,
      chunkCount: Math.max(1, Math.ceil(parsed.rows.length / CHUNK_ROWS)),
    };
  };
  return '$transaction' in db ? db.$transaction(write) : write(db);
}

/** Checks and writes chunk `chunkIndex` of the version's rows; chunk 0 also writes the lines the reading refused. */
export async function importChunk(
  tx: Prisma.TransactionClient,
  versionId: string,
  chunkIndex: number,
): Promise<{ processed: number; failed: number }> {
  const { definition, owner, parsed, day } = await readImport(tx, versionId);
  const slice = parsed.rows.slice(chunkIndex * CHUNK_ROWS, (chunkIndex + 1) * CHUNK_ROWS);
  const referenced = await checkReferences(tx, definition, slice, day, owner, codesOf(versionId, parsed));
  const checked = checkLevels(definition, referenced.rows, parsed.rows);
  const invalid = [...(chunkIndex === 0 ? parsed.invalid : []), ...referenced.invalid, ...checked.invalid];
  await insertRows(tx, versionId, definition.code, owner, checked.rows);
  await insertInvalid(tx, versionId, invalid);
  return { processed: checked.rows.length, failed: invalid.length };
}

/** How many data lines the version's file has, and how many of them the reading kept as rows. */
export async function readImportLines(db: Prisma.TransactionClient, versionId: string) {
  const { parsed } = await readImport(db, versionId);
  return { lines: parsed.dataLines, rows: parsed.rows.length };
}

/**
 * Ends the import: the version « validée » with its difference, or « brouillon » with its invalid lines
 * only, or — cancelled, failed — « import interrompu » with nothing of it kept. Run again, it answers
 * what it did.
 */
export async function finishImport(
  tx: Prisma.TransactionClient,
  versionId: string,
  outcome: 'termine' | 'annule' | 'echoue',
): Promise<Extract<ImportVersionResult, { versionId: string }>> {
  const version = await tx.referentialVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: {
      number: true,
      status: true,
      comparedWithId: true,
      report: true,
      referentialCode: true,
      ownerOrganisationId: true,
    },
  });
  if (version.status !== 'import_en_cours') {
    return {
      versionId,
      number: version.number,
      status: version.status as VersionStatus,
      comparedWithId: version.comparedWithId,
      summary: version.report as unknown as ReportSummary,
    };
  }
  const { parsed } = await readImport(tx, versionId);
  const [counted] = await tx.$queryRawUnsafe<{ rows: number; invalid: number }[]>(
    `SELECT (SELECT count(*) FROM "ReferentialRow" WHERE "versionId" = $1)::int AS rows,
            (SELECT count(*) FROM "ReferentialReportLine" WHERE "versionId" = $1 AND kind = 'invalide')::int AS invalid`,
    versionId,
  );
  const summary: ReportSummary = {
    encoding: parsed.encoding,
    separator: parsed.separator,
    lignes: parsed.dataLines,
    valides: counted?.rows ?? 0,
    invalides: counted?.invalid ?? 0,
    ajouts: 0,
    retraits: 0,
    modifications: 0,
    inchanges: 0,
  };
  let status: VersionStatus;
  let comparedWithId: string | null = null;
  if (outcome !== 'termine') {
    status = 'import_interrompu';
    await tx.$executeRawUnsafe(`DELETE FROM "ReferentialRow" WHERE "versionId" = $1`, versionId);
    await tx.$executeRawUnsafe(`DELETE FROM "ReferentialReportLine" WHERE "versionId" = $1`, versionId);
  } else if (summary.invalides > 0) {
    status = 'brouillon';
    await tx.$executeRawUnsafe(`DELETE FROM "ReferentialRow" WHERE "versionId" = $1`, versionId);
  } else {
    status = 'validee';
    const previous = await tx.referentialVersion.findFirst({
      where: {
        referentialCode: version.referentialCode,
        ownerOrganisationId: version.ownerOrganisationId,
        status: { in: ['programmee', 'en_vigueur'] },
        id: { not: versionId },
      },
      orderBy: { number: 'desc' },
      select: { id: true },
    });
    comparedWithId = previous?.id ?? null;
    Object.assign(summary, await storeDiff(tx, versionId, comparedWithId));
    summary.inchanges = summary.valides - summary.ajouts - summary.modifications;
  }
  await tx.referentialVersion.update({
    where: { id: versionId },
    data: { status, comparedWithId, rowCount: status === 'validee' ? summary.valides : 0, report: { ...summary } },
  });
  forget(versionId);
  return { versionId, number: version.number, status, comparedWithId, summary };
}

/** The three stages in one transaction, in this process: for shipped data, the benchmark and tests. */
export async function importReferentialVersion(
  prisma: PrismaClient,
  options: ImportVersionOptions,
): Promise<ImportVersionResult> {
  return prisma.$transaction(
    async (tx) => {
      const prepared = await prepareImport(tx, options);
      if ('problem' in prepared) return prepared;
      for (let chunk = 0; chunk < prepared.chunkCount; chunk++) await importChunk(tx, prepared.versionId, chunk);
      return finishImport(tx, prepared.versionId, 'termine');
    },
    { timeout: 300_000, maxWait: 30_000 },
  );
}

interface ReadImport {
  definition: ReferentialDefinition;
  owner: string;
  parsed: ParsedFile;
  day: string;
}

// The chunks of one import mostly run in the process that read the file first: the file is parsed
// once there, and again only by a process that has not seen it (another worker, after a restart).
const READ = new Map<string, Promise<Omit<ReadImport, 'day'> & { day?: string }>>();
const CODES = new Map<string, ReadonlySet<string>>();
const KEPT_IMPORTS = 2;

function remember(versionId: string, read: Omit<ReadImport, 'day'>) {
  READ.set(versionId, Promise.resolve(read));
  while (READ.size > KEPT_IMPORTS) forget(READ.keys().next().value as string);
}

function forget(versionId: string) {
  READ.delete(versionId);
  CODES.delete(versionId);
}

function codesOf(versionId: string, parsed: ParsedFile): ReadonlySet<string> {
  let codes = CODES.get(versionId);
  if (!codes) {
    codes = new Set(parsed.rows.map((r) => r.code));
    CODES.set(versionId, codes);
  }
  return codes;
}

async function readImport(db: Prisma.TransactionClient, versionId: string): Promise<ReadImport> {
  const file = await db.referentialImportFile.findUnique({
    where: { versionId },
    select: {
      day: true,
      content: !READ.has(versionId),
      version: { select: { referentialCode: true, ownerOrganisationId: true } },
    },
  });
  if (!file) throw new Error(`La version ${versionId} n’a pas de fichier d’import.`);
  const day = file.day.toISOString().slice(0, 10);
  let read = READ.get(versionId);
  if (!read) {
    const definition = referentialDefinition(file.version.referentialCode);
    const content = (file as { content?: Uint8Array }).content;
    if (!definition || !content)
      throw new Error(`La version ${versionId} n’a plus de référentiel ni de fichier lisible.`);
    read = readFile(definition, content, Number.MAX_SAFE_INTEGER).then((parsed) => {
      if ('problem' in parsed)
        throw new Error(`Le fichier de la version ${versionId} ne se lit plus : ${parsed.problem.message}`);
      return { definition, owner: file.version.ownerOrganisationId, parsed };
    });
    READ.set(versionId, read);
    read.catch(() => READ.delete(versionId));
  }
  return { ...(await read), day };
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
    // The file's line is the position: unique, in the order of the file, whichever chunk writes it.
    const chunk = invalid.slice(i, i + CHUNK_ROWS).map((r) => ({ ...r, position: r.line }));
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
