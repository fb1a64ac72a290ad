import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../prisma/client.ts';
import { readDay } from '../../processes/calendar.ts';
import type { CaseServiceContext } from '../context.ts';
import { SiamoError } from '../errors.ts';
import { type AllocationOutcome, allocateEmployer } from './allocate.ts';
import { inTransaction } from './db.ts';
import { syncLadder } from './ladder-cases.ts';

// A payment entered by an agent: checked, stored and allocated in one transaction, then the
// employer's ladder is told (cleared: stopped and its suspension lifted; partial: amount updated).

export interface PaymentInput {
  ipmId: string;
  employerId: string;
  amount: number;
  /** AAAA-MM-JJ. */
  paidOn: string;
  reference: string;
  enteredBy: string;
}

export interface PaymentOutcome extends AllocationOutcome {
  paymentId: string;
  ladder: Awaited<ReturnType<typeof syncLadder>>;
}

const MAX_AMOUNT = 10_000_000_000_000;

/** What is wrong with a payment's fields, by field, in French (empty: nothing). */
export function paymentProblems(
  input: Omit<PaymentInput, 'ipmId' | 'employerId' | 'enteredBy'>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0 || input.amount > MAX_AMOUNT)
    problems.amount = 'montant attendu : un nombre entier de FCFA, plus grand que zéro';
  const day = readDay(input.paidOn);
  if (day === null) problems.paidOn = 'date attendue AAAA-MM-JJ, une date qui existe';
  else if (input.paidOn > new Date().toISOString().slice(0, 10))
    problems.paidOn = 'la date du paiement ne peut pas être future';
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{2,59}$/.test(input.reference))
    problems.reference = 'référence attendue : 3 à 60 lettres, chiffres, point, tiret, barre ou souligné';
  return problems;
}

export function refusePayment(problems: Record<string, string>): never {
  throw new SiamoError(
    'saisie_invalide',
    `Paiement refusé : ${Object.entries(problems)
      .map(([field, text]) => `${field} — ${text}`)
      .join(' ; ')}. Corrigez la saisie et recommencez ; rien n’a été enregistré.`,
    problems,
  );
}

export async function enterPayment(cases: CaseServiceContext, input: PaymentInput): Promise<PaymentOutcome> {
  const problems = paymentProblems(input);
  if (Object.keys(problems).length > 0) refusePayment(problems);
  const paymentId = randomUUID();
  const outcome = await inTransaction(cases.prisma, async (db) => {
    const employer = await db.query<{ ipmId: string }>('SELECT "ipmId" FROM "Employer" WHERE "id" = $1', [
      input.employerId,
    ]);
    if (employer.rows[0]?.ipmId !== input.ipmId)
      throw new SiamoError('introuvable', 'Employeur introuvable dans votre IPM : vérifiez son identifiant.');
    const inserted = await db.query<{ id: string }>(
      `INSERT INTO "Payment" ("id", "ipmId", "employerId", "amount", "paidOn", "reference", "source", "enteredBy")
       VALUES ($1, $2, $3, $4, $5::date, $6, 'manuel', $7) ON CONFLICT ("ipmId", "reference") DO NOTHING RETURNING "id"`,
      [paymentId, input.ipmId, input.employerId, input.amount, input.paidOn, input.reference, input.enteredBy],
    );
    if (inserted.rows.length === 0)
      throw new SiamoError(
        'conflit',
        `Un paiement de référence « ${input.reference} » est déjà enregistré dans votre IPM : il n’a pas été saisi une seconde fois.`,
        { reference: 'déjà enregistrée' },
      );
    return allocateEmployer(db, input.employerId, input.enteredBy);
  });
  const ladder = await syncLadder(cases, { employerId: input.employerId, paymentId, paidOn: input.paidOn });
  return { ...outcome, paymentId, ladder };
}

/** Tells the ladders of employers whose payments were just stored (a bank statement's). */
export async function syncLadders(
  cases: CaseServiceContext,
  payments: readonly { employerId: string; paymentId: string; paidOn: string }[],
): Promise<void> {
  // The last payment of each employer moves its ladder: the debt is what is left after all of them.
  const last = new Map<string, { employerId: string; paymentId: string; paidOn: string }>();
  for (const p of payments) {
    const seen = last.get(p.employerId);
    if (!seen || seen.paidOn <= p.paidOn) last.set(p.employerId, p);
  }
  for (const p of last.values()) await syncLadder(cases, p);
}

export type { PrismaClient };
