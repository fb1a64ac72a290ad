import { createHash, randomUUID } from 'node:crypto';
import type { CaseServiceContext } from '../context.ts';
import { SiamoError } from '../errors.ts';
import { readCsvRecords } from '../portfolio/csv-records.ts';
import { allocateEmployer } from './allocate.ts';
import { inTransaction } from './db.ts';
import { paymentProblems, syncLadders } from './payments.ts';

// A bank statement's credits, as a CSV file (docs/recouvrement.md, « Relevé bancaire »):
//   date;reference;css_ipres;montant;libelle
// separated by semicolons, one header line, dates AAAA-MM-JJ (or JJ/MM/AAAA), amounts in whole FCFA
// (spaces allowed between thousands). Each line is matched to the IPM's employer by its CSS/IPRES
// number. All or nothing: one wrong line and nothing is stored, the report says which and why. A line
// whose reference is already stored (the same statement imported again) is reported and skipped, so
// that a re-import changes nothing.

export const BANK_COLUMNS = ['date', 'reference', 'css_ipres', 'montant', 'libelle'] as const;

export interface BankLineReport {
  line: number;
  /** enregistre, deja_enregistre, invalide. */
  outcome: 'enregistre' | 'deja_enregistre' | 'invalide';
  reference: string | null;
  employerId: string | null;
  amount: number | null;
  /** French. */
  message: string;
}

export interface BankImportReport {
  sha256: string;
  /** Whether the payments were stored (false: the file has invalid lines, nothing was). */
  loaded: boolean;
  stored: number;
  alreadyStored: number;
  invalid: number;
  lines: BankLineReport[];
}

const toDay = (text: string): string => {
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  return fr ? `${fr[3]}-${fr[2]}-${fr[1]}` : text;
};

export async function importBankStatement(
  cases: CaseServiceContext,
  request: { ipmId: string; content: Uint8Array; enteredBy: string },
): Promise<BankImportReport> {
  const sha256 = createHash('sha256').update(request.content).digest('hex');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(request.content).replace(/^\uFEFF/, '');
  } catch {
    throw new SiamoError('saisie_invalide', 'Relevé illisible : enregistrez le fichier en CSV UTF-8 et recommencez.');
  }
  const reading = readCsvRecords(text, ';');
  if (reading.unclosedQuoteLine !== null)
    throw new SiamoError(
      'saisie_invalide',
      `Relevé illisible : un guillemet ouvert ligne ${reading.unclosedQuoteLine} n’est jamais fermé. Corrigez le fichier ; rien n’a été enregistré.`,
    );
  const [header, ...records] = reading.records;
  const columns = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  if (BANK_COLUMNS.some((c, i) => columns[i] !== c))
    throw new SiamoError(
      'saisie_invalide',
      `Relevé refusé : la première ligne doit être « ${BANK_COLUMNS.join(';')} » (colonnes dans cet ordre). Rien n’a été enregistré.`,
    );
  if (records.length === 0)
    throw new SiamoError('saisie_invalide', 'Relevé vide : aucune ligne de paiement après l’en-tête.');

  return inTransaction(cases.prisma, async (db) => {
    const { rows: employers } = await db.query<{ id: string; cssIpres: string }>(
      'SELECT "id", "cssIpres" FROM "Employer" WHERE "ipmId" = $1',
      [request.ipmId],
    );
    const employerOf = new Map(employers.map((e) => [e.cssIpres.trim().toUpperCase(), e.id]));
    const references = records.map((r) => (r.fields[1] ?? '').trim());
    const { rows: known } = await db.query<{ reference: string }>(
      'SELECT "reference" FROM "Payment" WHERE "ipmId" = $1 AND "reference" = ANY($2::text[])',
      [request.ipmId, references],
    );
    const stored = new Set(known.map((k) => k.reference));
    const inFile = new Map<string, number>();
    const lines: BankLineReport[] = records.map((record) => {
      const [date = '', reference = '', css = '', montant = ''] = record.fields.map((f) => f.trim());
      const amount = /^\d[\d ]*$/.test(montant.replace(/\u00a0|\u202f/g, ' '))
        ? Number(montant.replace(/\D/g, ''))
        : Number.NaN;
      const employerId = employerOf.get(css.toUpperCase()) ?? null;
      const base = {
        line: record.line,
        reference: reference || null,
        employerId,
        amount: Number.isNaN(amount) ? null : amount,
      };
      const problems = Object.values(paymentProblems({ amount, paidOn: toDay(date), reference }));
      if (!employerId) problems.push(`aucun employeur de votre IPM n’a le numéro CSS/IPRES « ${css} »`);
      const twin = inFile.get(reference);
      if (reference && twin !== undefined) problems.push(`référence déjà présente ligne ${twin} du fichier`);
      if (reference && twin === undefined) inFile.set(reference, record.line);
      if (problems.length > 0)
        return { ...base, outcome: 'invalide', message: `Ligne ${record.line} : ${problems.join(' ; ')}.` };
      if (stored.has(reference))
        return {
          ...base,
          outcome: 'deja_enregistre',
          message: `Ligne ${record.line} : paiement « ${reference} » déjà enregistré, ignoré.`,
        };
      return {
        ...base,
        outcome: 'enregistre',
        message: `Ligne ${record.line} : paiement « ${reference} » enregistré.`,
      };
    });
    const invalid = lines.filter((l) => l.outcome === 'invalide').length;
    const fresh = lines.filter((l) => l.outcome === 'enregistre');
    const report = {
      sha256,
      loaded: invalid === 0,
      stored: invalid === 0 ? fresh.length : 0,
      alreadyStored: lines.filter((l) => l.outcome === 'deja_enregistre').length,
      invalid,
      lines:
        invalid === 0
          ? lines
          : lines.map((l) =>
              l.outcome === 'enregistre'
                ? { ...l, message: `Ligne ${l.line} : valide, non enregistrée (le relevé a des lignes invalides).` }
                : l,
            ),
    };
    if (invalid > 0 || fresh.length === 0) return report;
    const ids = fresh.map(() => randomUUID());
    const dayOf = (l: BankLineReport) => toDay(records.find((r) => r.line === l.line)?.fields[0]?.trim() ?? '');
    await db.query(
      `INSERT INTO "Payment" ("id", "ipmId", "employerId", "amount", "paidOn", "reference", "source", "enteredBy", "bankFileSha256", "bankFileLine")
       SELECT r."id", $1, r."employerId", r."amount", r."paidOn", r."reference", 'banque', $2, $3, r."line"
         FROM unnest($4::text[], $5::text[], $6::bigint[], $7::date[], $8::text[], $9::int[])
           AS r("id", "employerId", "amount", "paidOn", "reference", "line")`,
      [
        request.ipmId,
        request.enteredBy,
        sha256,
        ids,
        fresh.map((l) => l.employerId),
        fresh.map((l) => l.amount),
        fresh.map(dayOf),
        fresh.map((l) => l.reference),
        fresh.map((l) => l.line),
      ],
    );
    const touched = [...new Set(fresh.map((l) => l.employerId as string))].sort();
    for (const employerId of touched) await allocateEmployer(db, employerId, request.enteredBy);
    return {
      ...report,
      payments: fresh.map((l, i) => ({
        employerId: l.employerId as string,
        paymentId: ids[i] as string,
        paidOn: dayOf(l),
      })),
    };
  }).then(async (report) => {
    const { payments, ...rest } = report as BankImportReport & {
      payments?: { employerId: string; paymentId: string; paidOn: string }[];
    };
    if (payments) await syncLadders(cases, payments);
    return rest;
  });
}
