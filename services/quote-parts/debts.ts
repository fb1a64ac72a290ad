import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../prisma/client.ts';
import { dakarDay, readDay } from '../../processes/calendar.ts';
import { resolveSettings, type SettingValues } from '../../processes/settings.ts';
import type { CaseServiceContext } from '../context.ts';
import { day, type SqlClient } from '../enrolment/sql.ts';
import { SiamoError } from '../errors.ts';
import { inTransaction, txSql } from '../recouvrement/db.ts';
import { allocateMember, lockParticipant } from './member-allocate.ts';
import { MEMBER_LADDER_PROCESS, openMemberLadderCase, syncMemberLadder } from './member-ladder-cases.ts';

// What a participant owes its IPM (MemberDebt): recorded by an IPM agent, one by one or from a file
// (member-debts-file.ts). Its reference is the IPM's, unique within the IPM: the same debt sent again
// with the same values gives the stored one, with other values is refused. A credit the participant
// holds is used at once. Names and labels stay in PostgreSQL; the ladder's case sees ids and amounts.

export const DEBT_KINDS = { quote_part: 'Quote-part', avance: 'Avance sur soins', autre: 'Autre somme due' } as const;
export type DebtKind = keyof typeof DEBT_KINDS;

export interface DebtInput {
  participantId: string;
  kind: string;
  reference: string;
  label: string;
  dependantId?: string | null;
  /** AAAA-MM-JJ. */
  incurredOn: string;
  amount: number;
  /** AAAA-MM-JJ; default: incurredOn + the setting delaiPaiementQuotePart. */
  dueDate?: string | null;
}

export interface DebtView {
  id: string;
  participantId: string;
  dependantId: string | null;
  kind: string;
  reference: string;
  label: string;
  incurredOn: string;
  amount: number;
  paid: number;
  remaining: number;
  dueDate: string;
  status: string;
  source: string;
  createdBy: string;
  createdAt: Date;
}

const MAX_AMOUNT = 10_000_000_000;
export const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/-]{2,59}$/;
const today = () => dakarDay(new Date());

export const paymentDelayDays = (overrides: SettingValues = {}): number =>
  Number(resolveSettings(['delaiPaiementQuotePart'], overrides).delaiPaiementQuotePart);

const plusDays = (d: string, days: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** What is wrong with a debt's fields, by field, in French (empty: nothing). Register checks apart. */
export function debtProblems(input: DebtInput): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!Object.hasOwn(DEBT_KINDS, input.kind)) problems.kind = `nature attendue : ${Object.keys(DEBT_KINDS).join(', ')}`;
  if (!REFERENCE.test(input.reference))
    problems.reference = 'référence attendue : 3 à 60 lettres, chiffres, point, tiret, barre ou souligné';
  const label = input.label.trim();
  if (label.length === 0 || label.length > 200) problems.label = 'libellé attendu : 1 à 200 caractères';
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0 || input.amount > MAX_AMOUNT)
    problems.amount = 'montant attendu : un nombre entier de FCFA, plus grand que zéro';
  if (readDay(input.incurredOn) === null) problems.incurredOn = 'date attendue AAAA-MM-JJ, une date qui existe';
  else if (input.incurredOn > today()) problems.incurredOn = 'la date des soins ne peut pas être future';
  if (input.dueDate) {
    if (readDay(input.dueDate) === null) problems.dueDate = 'échéance attendue AAAA-MM-JJ, une date qui existe';
    else if (!problems.incurredOn && input.dueDate < input.incurredOn)
      problems.dueDate = 'l’échéance ne peut pas précéder la date des soins';
  }
  return problems;
}

export function refuseDebt(problems: Record<string, string>): never {
  throw new SiamoError(
    'saisie_invalide',
    `Somme due refusée : ${Object.entries(problems)
      .map(([field, text]) => `${field} — ${text}`)
      .join(' ; ')}. Corrigez la saisie et recommencez ; rien n’a été enregistré.`,
    problems,
  );
}

const DEBT_COLUMNS = `d."id", d."participantId", d."dependantId", d."kind", d."reference", d."label",
  ${day('d."incurredOn"')} AS "incurredOn", d."amount"::float8 AS "amount", d."paid"::float8 AS "paid",
  (d."amount" - d."paid")::float8 AS "remaining", ${day('d."dueDate"')} AS "dueDate", d."status", d."source",
  d."createdBy", d."createdAt"`;

/** The participant, when the IPM holds it; else null. */
export async function participantOfIpm(prisma: PrismaClient, ipmId: string, participantId: string) {
  const row = await prisma.participant.findUnique({ where: { id: participantId }, select: { ipmId: true } });
  return row?.ipmId === ipmId;
}

/** The fields that make two requests for the same reference the same debt. */
const sameDebt = (stored: DebtView, input: DebtInput & { dueDate: string }) =>
  stored.participantId === input.participantId &&
  stored.kind === input.kind &&
  stored.label === input.label.trim() &&
  (stored.dependantId ?? null) === (input.dependantId ?? null) &&
  stored.incurredOn === input.incurredOn &&
  stored.amount === input.amount &&
  stored.dueDate === input.dueDate;

export const withDueDate = (input: DebtInput, overrides: SettingValues) => ({
  ...input,
  dependantId: input.dependantId || null,
  dueDate: input.dueDate || plusDays(input.incurredOn, paymentDelayDays(overrides)),
});

/**
 * Inserts debts already checked, under the participants' locks, and uses their credit. Used by the
 * one-by-one entry and the file. Returns the stored debts' ids, in order.
 */
export async function insertDebts(
  db: SqlClient,
  request: {
    ipmId: string;
    createdBy: string;
    source: 'manuel' | 'fichier';
    fileSha256?: string;
    debts: (DebtInput & { dueDate: string; dependantId: string | null; line?: number })[];
  },
): Promise<string[]> {
  const ids = request.debts.map(() => randomUUID());
  const participants = [...new Set(request.debts.map((d) => d.participantId))].sort();
  for (const p of participants) await lockParticipant(db, p);
  await db.query(
    `INSERT INTO "MemberDebt" ("id", "ipmId", "participantId", "kind", "reference", "label", "dependantId", "incurredOn",
       "amount", "dueDate", "source", "fileSha256", "fileLine", "createdBy")
     SELECT r."id", $1, r."participantId", r."kind", r."reference", r."label", r."dependantId", r."incurredOn",
       r."amount", r."dueDate", $2, $3, r."line", $4
       FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::date[], $12::bigint[],
                   $13::date[], $14::int[])
         AS r("id", "participantId", "kind", "reference", "label", "dependantId", "incurredOn", "amount", "dueDate", "line")`,
    [
      request.ipmId,
      request.source,
      request.fileSha256 ?? null,
      request.createdBy,
      ids,
      request.debts.map((d) => d.participantId),
      request.debts.map((d) => d.kind),
      request.debts.map((d) => d.reference),
      request.debts.map((d) => d.label.trim()),
      request.debts.map((d) => d.dependantId),
      request.debts.map((d) => d.incurredOn),
      request.debts.map((d) => d.amount),
      request.debts.map((d) => d.dueDate),
      request.debts.map((d) => d.line ?? null),
    ],
  );
  for (const p of participants) await allocateMember(db, p, request.createdBy);
  return ids;
}

async function debtById(db: SqlClient, id: string): Promise<DebtView> {
  const { rows } = await db.query<DebtView>(`SELECT ${DEBT_COLUMNS} FROM "MemberDebt" d WHERE d."id" = $1`, [id]);
  return rows[0] as DebtView;
}

export async function recordMemberDebt(
  cases: CaseServiceContext,
  request: DebtInput & { ipmId: string; createdBy: string },
): Promise<{ debt: DebtView; created: boolean }> {
  const problems = debtProblems(request);
  if (Object.keys(problems).length > 0) refuseDebt(problems);
  const input = withDueDate(request, cases.settingOverrides);
  const outcome = await inTransaction(cases.prisma, async (db) => {
    const ipmId = await lockParticipant(db, input.participantId);
    if (ipmId !== request.ipmId)
      throw new SiamoError('introuvable', 'Participant introuvable dans votre IPM : vérifiez son identifiant.');
    if (input.dependantId) {
      const { rows } = await db.query('SELECT 1 FROM "Dependant" WHERE "id" = $1 AND "participantId" = $2', [
        input.dependantId,
        input.participantId,
      ]);
      if (rows.length === 0)
        throw new SiamoError(
          'saisie_invalide',
          'Somme due refusée : dependantId — cet ayant droit n’est pas l’un de ceux du participant. Rien n’a été enregistré.',
          { dependantId: 'pas un ayant droit du participant' },
        );
    }
    const { rows: known } = await db.query<DebtView>(
      `SELECT ${DEBT_COLUMNS} FROM "MemberDebt" d WHERE d."ipmId" = $1 AND d."reference" = $2`,
      [request.ipmId, input.reference],
    );
    const stored = known[0];
    if (stored) {
      if (sameDebt(stored, input)) return { debt: stored, created: false };
      throw new SiamoError(
        'conflit',
        `Une somme due de référence « ${input.reference} » est déjà enregistrée dans votre IPM avec d’autres valeurs : ` +
          'choisissez une autre référence, ou vérifiez celle déjà enregistrée. Rien n’a été modifié.',
        { reference: 'déjà enregistrée avec d’autres valeurs' },
      );
    }
    const [id] = await insertDebts(db, {
      ipmId: request.ipmId,
      createdBy: request.createdBy,
      source: 'manuel',
      debts: [input],
    });
    return { debt: await debtById(db, id as string), created: true };
  });
  // An overdue debt recorded late raises the amount the open ladder asks.
  if (outcome.created)
    await syncMemberLadder(cases, { participantId: input.participantId, key: outcome.debt.id, paidOn: today() });
  return outcome;
}

/** Cancels a debt nothing was paid on (a mistake): it no longer counts, its ladder is told. */
export async function cancelMemberDebt(
  cases: CaseServiceContext,
  request: { ipmId: string; debtId: string },
): Promise<DebtView> {
  const debt = await inTransaction(cases.prisma, async (db) => {
    const { rows } = await db.query<{ participantId: string; ipmId: string }>(
      'SELECT "participantId", "ipmId" FROM "MemberDebt" WHERE "id" = $1',
      [request.debtId],
    );
    const row = rows[0];
    if (!row || row.ipmId !== request.ipmId)
      throw new SiamoError('introuvable', 'Somme due introuvable dans votre IPM : vérifiez son identifiant.');
    await lockParticipant(db, row.participantId);
    const current = await debtById(db, request.debtId);
    if (current.status === 'annulee') return current;
    if (current.paid > 0)
      throw new SiamoError(
        'saisie_invalide',
        'Annulation refusée : un paiement est déjà affecté à cette somme due. Rien n’a été modifié.',
        { debtId: 'déjà payée en partie' },
      );
    await db.query(`UPDATE "MemberDebt" SET "status" = 'annulee' WHERE "id" = $1`, [request.debtId]);
    return debtById(db, request.debtId);
  });
  await syncMemberLadder(cases, { participantId: debt.participantId, key: `annule:${debt.id}`, paidOn: today() });
  return debt;
}

export interface MemberPaymentView {
  id: string;
  amount: number;
  paidOn: string;
  reference: string;
  mode: string;
  enteredBy: string;
  enteredAt: Date;
  allocated: number;
  allocations: { debtId: string; reference: string; amount: number; allocatedBy: string; allocatedAt: Date }[];
}

export interface MemberAccountView {
  participantId: string;
  debts: DebtView[];
  payments: MemberPaymentView[];
  /** Still due on every debt not cancelled. */
  balance: number;
  /** Still due on debts past their due date. */
  overdue: number;
  credit: number;
  ladder: { caseId: string; state: string; level: string | null; montantDu: number; openedAt: Date } | null;
}

/** The ladder's level a case's state has reached (null: none yet). */
export const LEVEL_OF_STATE: Record<string, string | null> = {
  echue: null,
  rappelee: 'rappel',
  retenue_demandee: 'retenue_salaire',
  suspendue: 'suspension',
};

/** A participant's debts, payments, credit and open ladder (the IPM's view). */
export async function memberAccount(prisma: PrismaClient, participantId: string): Promise<MemberAccountView> {
  const db = txSql(prisma);
  const [{ rows: debts }, { rows: payments }, { rows: allocations }, credit, open] = await Promise.all([
    db.query<DebtView>(
      `SELECT ${DEBT_COLUMNS} FROM "MemberDebt" d WHERE d."participantId" = $1 ORDER BY d."dueDate", d."incurredOn", d."createdAt", d."id"`,
      [participantId],
    ),
    db.query<Omit<MemberPaymentView, 'allocations'>>(
      `SELECT p."id", p."amount"::float8 AS "amount", ${day('p."paidOn"')} AS "paidOn", p."reference", p."mode",
              p."enteredBy", p."enteredAt",
              COALESCE((SELECT sum(a."amount") FROM "MemberAllocation" a WHERE a."paymentId" = p."id"), 0)::float8 AS "allocated"
         FROM "MemberPayment" p WHERE p."participantId" = $1 ORDER BY p."paidOn", p."enteredAt", p."id"`,
      [participantId],
    ),
    db.query<{
      paymentId: string;
      debtId: string;
      reference: string;
      amount: number;
      allocatedBy: string;
      allocatedAt: Date;
    }>(
      `SELECT a."paymentId", a."debtId", d."reference", a."amount"::float8 AS "amount", a."allocatedBy", a."allocatedAt"
         FROM "MemberAllocation" a JOIN "MemberDebt" d ON d."id" = a."debtId"
        WHERE d."participantId" = $1 ORDER BY a."id"`,
      [participantId],
    ),
    prisma.memberCredit.findUnique({ where: { participantId } }),
    openMemberLadderCase(prisma, participantId),
  ]);
  const now = today();
  const live = debts.filter((d) => d.status !== 'annulee');
  return {
    participantId,
    debts,
    payments: payments.map((p) => ({
      ...p,
      allocations: allocations.filter((a) => a.paymentId === p.id),
    })),
    balance: live.reduce((sum, d) => sum + d.remaining, 0),
    overdue: live.filter((d) => d.dueDate < now).reduce((sum, d) => sum + d.remaining, 0),
    credit: Number(credit?.amount ?? 0),
    ladder: open
      ? {
          caseId: open.id,
          state: open.state,
          level: LEVEL_OF_STATE[open.state] ?? null,
          montantDu: open.montantDu,
          openedAt: open.createdAt,
        }
      : null,
  };
}

export interface OverdueMember {
  participantId: string;
  cardNumber: string;
  lastName: string;
  firstNames: string;
  overdue: number;
  oldestDueDate: string;
  ladderCaseId: string | null;
  ladderState: string | null;
  ladderLevel: string | null;
}

/** The IPM's participants with overdue debt, oldest due date first: the collection list. */
export async function overdueMembers(prisma: PrismaClient, ipmId: string, on = today()): Promise<OverdueMember[]> {
  const { rows } = await txSql(prisma).query<Omit<OverdueMember, 'ladderLevel'>>(
    `SELECT p."id" AS "participantId", p."cardNumber", p."lastName", p."firstNames",
            sum(d."amount" - d."paid")::float8 AS "overdue", ${day('min(d."dueDate")')} AS "oldestDueDate",
            k."id" AS "ladderCaseId", k."state" AS "ladderState"
       FROM "MemberDebt" d JOIN "Participant" p ON p."id" = d."participantId"
       LEFT JOIN LATERAL (SELECT c."id", c."state" FROM "Case" c
                           WHERE c."processId" = $3 AND NOT c."terminal" AND c."context"->>'participantId' = p."id"
                           ORDER BY c."createdAt" LIMIT 1) k ON true
      WHERE d."ipmId" = $1 AND d."status" IN ('due', 'partiellement_payee') AND d."dueDate" < $2::date
      GROUP BY p."id", k."id", k."state"
      ORDER BY min(d."dueDate"), p."lastName", p."id"`,
    [ipmId, on, MEMBER_LADDER_PROCESS],
  );
  return rows.map((r) => ({ ...r, ladderLevel: r.ladderState ? (LEVEL_OF_STATE[r.ladderState] ?? null) : null }));
}
