import { createHash } from 'node:crypto';
import { dakarDay } from '../../processes/calendar.ts';
import type { CaseServiceContext } from '../context.ts';
import { day } from '../enrolment/sql.ts';
import { SiamoError } from '../errors.ts';
import { readCsvRecords } from '../portfolio/csv-records.ts';
import { inTransaction } from '../recouvrement/db.ts';
import { type DebtInput, debtProblems, insertDebts, withDueDate } from './debts.ts';
import { syncMemberLadder } from './member-ladder-cases.ts';

// A file of what participants owe (docs/recouvrement.md, « Fichier des sommes dues »):
//   carte;reference;nature;libelle;date_soins;montant;echeance
// separated by semicolons, one header line, dates AAAA-MM-JJ (or JJ/MM/AAAA), amounts in whole FCFA
// (spaces allowed between thousands), `echeance` optional. The card is a participant's, or a
// dependant's (the debt is then its participant's, for that dependant), within the IPM. All or
// nothing, as the bank statement: one wrong line and nothing is stored. A line whose reference is
// already stored with the same values is reported « déjà enregistré » and skipped, so that importing
// the same file again changes nothing; with other values it is invalid.

export const DEBT_COLUMNS = ['carte', 'reference', 'nature', 'libelle', 'date_soins', 'montant', 'echeance'] as const;

export interface DebtLineReport {
  line: number;
  outcome: 'enregistre' | 'deja_enregistre' | 'invalide';
  reference: string | null;
  participantId: string | null;
  amount: number | null;
  /** French. */
  message: string;
}

export interface DebtImportReport {
  sha256: string;
  loaded: boolean;
  stored: number;
  alreadyStored: number;
  invalid: number;
  lines: DebtLineReport[];
}

const toDay = (text: string): string => {
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  return fr ? `${fr[3]}-${fr[2]}-${fr[1]}` : text;
};

const readAmount = (text: string): number =>
  /^\d[\d ]*$/.test(text.replace(/\u00a0|\u202f/g, ' ')) ? Number(text.replace(/\D/g, '')) : Number.NaN;

export async function importMemberDebts(
  cases: CaseServiceContext,
  request: { ipmId: string; content: Uint8Array; createdBy: string },
): Promise<DebtImportReport> {
  const sha256 = createHash('sha256').update(request.content).digest('hex');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(request.content).replace(/^\uFEFF/, '');
  } catch {
    throw new SiamoError('saisie_invalide', 'Fichier illisible : enregistrez-le en CSV UTF-8 et recommencez.');
  }
  const reading = readCsvRecords(text, ';');
  if (reading.unclosedQuoteLine !== null)
    throw new SiamoError(
      'saisie_invalide',
      `Fichier illisible : un guillemet ouvert ligne ${reading.unclosedQuoteLine} n’est jamais fermé. Corrigez le fichier ; rien n’a été enregistré.`,
    );
  const [header, ...records] = reading.records;
  const columns = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  if (DEBT_COLUMNS.some((c, i) => columns[i] !== c))
    throw new SiamoError(
      'saisie_invalide',
      `Fichier refusé : la première ligne doit être « ${DEBT_COLUMNS.join(';')} » (colonnes dans cet ordre). Rien n’a été enregistré.`,
    );
  if (records.length === 0)
    throw new SiamoError('saisie_invalide', 'Fichier vide : aucune ligne de somme due après l’en-tête.');

  const outcome = await inTransaction(cases.prisma, async (db) => {
    const cards = records.map((r) => (r.fields[0] ?? '').replace(/\s/g, ''));
    const { rows: holders } = await db.query<{ cardNumber: string; participantId: string; dependantId: string | null }>(
      `SELECT p."cardNumber", p."id" AS "participantId", NULL AS "dependantId" FROM "Participant" p
        WHERE p."ipmId" = $1 AND p."cardNumber" = ANY($2::text[])
       UNION ALL
       SELECT d."cardNumber", d."participantId", d."id" FROM "Dependant" d JOIN "Participant" p ON p."id" = d."participantId"
        WHERE p."ipmId" = $1 AND d."cardNumber" = ANY($2::text[])`,
      [request.ipmId, cards],
    );
    const holderOf = new Map(holders.map((h) => [h.cardNumber, h]));
    const references = records.map((r) => (r.fields[1] ?? '').trim());
    const { rows: known } = await db.query<{
      reference: string;
      participantId: string;
      dependantId: string | null;
      kind: string;
      label: string;
      incurredOn: string;
      amount: number;
      dueDate: string;
    }>(
      `SELECT "reference", "participantId", "dependantId", "kind", "label", ${day('"incurredOn"')} AS "incurredOn",
              "amount"::float8 AS "amount", ${day('"dueDate"')} AS "dueDate"
         FROM "MemberDebt" WHERE "ipmId" = $1 AND "reference" = ANY($2::text[])`,
      [request.ipmId, references],
    );
    const storedOf = new Map(known.map((k) => [k.reference, k]));
    const inFile = new Map<string, number>();
    const fresh: (ReturnType<typeof withDueDate> & { line: number })[] = [];
    const lines: DebtLineReport[] = records.map((record, i) => {
      const [, reference = '', nature = '', libelle = '', dateSoins = '', montant = '', echeance = ''] =
        record.fields.map((f) => f.trim());
      const card = cards[i] as string;
      const holder = holderOf.get(card);
      const amount = readAmount(montant);
      const base = {
        line: record.line,
        reference: reference || null,
        participantId: holder?.participantId ?? null,
        amount: Number.isNaN(amount) ? null : amount,
      };
      const input: DebtInput = {
        participantId: holder?.participantId ?? '',
        dependantId: holder?.dependantId ?? null,
        kind: nature,
        reference,
        label: libelle,
        incurredOn: toDay(dateSoins),
        amount,
        dueDate: echeance ? toDay(echeance) : null,
      };
      const problems = Object.values(debtProblems(input));
      if (!holder) problems.push(`aucun assuré de votre IPM n’a la carte « ${card} »`);
      const twin = inFile.get(reference);
      if (reference && twin !== undefined) problems.push(`référence déjà présente ligne ${twin} du fichier`);
      if (reference && twin === undefined) inFile.set(reference, record.line);
      const full = withDueDate(input, cases.settingOverrides);
      const stored = storedOf.get(reference);
      if (problems.length === 0 && stored) {
        const same =
          stored.participantId === full.participantId &&
          (stored.dependantId ?? null) === full.dependantId &&
          stored.kind === full.kind &&
          stored.label === full.label.trim() &&
          stored.incurredOn === full.incurredOn &&
          stored.amount === full.amount &&
          stored.dueDate === full.dueDate;
        if (same)
          return {
            ...base,
            outcome: 'deja_enregistre',
            message: `Ligne ${record.line} : somme due « ${reference} » déjà enregistrée, ignorée.`,
          };
        problems.push(`la référence « ${reference} » est déjà enregistrée avec d’autres valeurs`);
      }
      if (problems.length > 0)
        return { ...base, outcome: 'invalide', message: `Ligne ${record.line} : ${problems.join(' ; ')}.` };
      fresh.push({ ...full, line: record.line });
      return {
        ...base,
        outcome: 'enregistre',
        message: `Ligne ${record.line} : somme due « ${reference} » enregistrée.`,
      };
    });
    const invalid = lines.filter((l) => l.outcome === 'invalide').length;
    const report: DebtImportReport = {
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
                ? { ...l, message: `Ligne ${l.line} : valide, non enregistrée (le fichier a des lignes invalides).` }
                : l,
            ),
    };
    if (invalid > 0 || fresh.length === 0) return { report, ids: [] as string[], participants: [] as string[] };
    const ids = await insertDebts(db, {
      ipmId: request.ipmId,
      createdBy: request.createdBy,
      source: 'fichier',
      fileSha256: sha256,
      debts: fresh,
    });
    return { report, ids, participants: [...new Set(fresh.map((f) => f.participantId))].sort() };
  });
  // Overdue debts recorded late raise the amount the participants' open ladders ask.
  for (const participantId of outcome.participants)
    await syncMemberLadder(cases, { participantId, key: `fichier:${sha256}`, paidOn: dakarDay(new Date()) });
  return outcome.report;
}
