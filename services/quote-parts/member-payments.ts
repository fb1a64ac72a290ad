import { randomUUID } from 'node:crypto';
import { dakarDay, readDay } from '../../processes/calendar.ts';
import type { CaseServiceContext } from '../context.ts';
import { day } from '../enrolment/sql.ts';
import { SiamoError } from '../errors.ts';
import { inTransaction } from '../recouvrement/db.ts';
import { REFERENCE } from './debts.ts';
import { allocateMember, lockParticipant } from './member-allocate.ts';
import { syncMemberLadder } from './member-ladder-cases.ts';

// A payment received from a participant, entered by an IPM agent: checked, stored and allocated in one
// transaction under a lock on the participant (oldest debt first, the rest kept as credit), then its
// ladder is told (cleared: stopped and its suspension lifted; partial: amount updated). The same
// reference sent again with the same values answers the same outcome and adds nothing.

export const PAYMENT_MODES = {
  especes: 'Espèces',
  virement: 'Virement',
  mobile_money: 'Mobile money',
  retenue_salaire: 'Retenue sur salaire',
} as const;

export interface MemberPaymentInput {
  ipmId: string;
  participantId: string;
  amount: number;
  /** AAAA-MM-JJ. */
  paidOn: string;
  reference: string;
  mode: string;
  enteredBy: string;
}

export interface MemberPaymentOutcome {
  paymentId: string;
  /** False: this reference was already stored with these values; nothing was added. */
  created: boolean;
  allocated: { debtId: string; amount: number }[];
  outstanding: number;
  credit: number;
  ladder: 'soldee' | 'actualisee' | 'inchangee' | 'sans_relance';
}

const MAX_AMOUNT = 10_000_000_000;

export function memberPaymentProblems(
  input: Pick<MemberPaymentInput, 'amount' | 'paidOn' | 'reference' | 'mode'>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0 || input.amount > MAX_AMOUNT)
    problems.amount = 'montant attendu : un nombre entier de FCFA, plus grand que zéro';
  if (readDay(input.paidOn) === null) problems.paidOn = 'date attendue AAAA-MM-JJ, une date qui existe';
  else if (input.paidOn > dakarDay(new Date())) problems.paidOn = 'la date du paiement ne peut pas être future';
  if (!REFERENCE.test(input.reference))
    problems.reference = 'référence attendue : 3 à 60 lettres, chiffres, point, tiret, barre ou souligné';
  if (!Object.hasOwn(PAYMENT_MODES, input.mode))
    problems.mode = `mode attendu : ${Object.keys(PAYMENT_MODES).join(', ')}`;
  return problems;
}

export async function enterMemberPayment(
  cases: CaseServiceContext,
  input: MemberPaymentInput,
): Promise<MemberPaymentOutcome> {
  const problems = memberPaymentProblems(input);
  if (Object.keys(problems).length > 0)
    throw new SiamoError(
      'saisie_invalide',
      `Paiement refusé : ${Object.entries(problems)
        .map(([field, text]) => `${field} — ${text}`)
        .join(' ; ')}. Corrigez la saisie et recommencez ; rien n’a été enregistré.`,
      problems,
    );
  const outcome = await inTransaction(cases.prisma, async (db) => {
    const ipmId = await lockParticipant(db, input.participantId);
    if (ipmId !== input.ipmId)
      throw new SiamoError('introuvable', 'Participant introuvable dans votre IPM : vérifiez son identifiant.');
    const { rows: known } = await db.query<{
      id: string;
      participantId: string;
      amount: number;
      paidOn: string;
      mode: string;
    }>(
      `SELECT "id", "participantId", "amount"::float8 AS "amount", ${day('"paidOn"')} AS "paidOn", "mode"
         FROM "MemberPayment" WHERE "ipmId" = $1 AND "reference" = $2`,
      [input.ipmId, input.reference],
    );
    const stored = known[0];
    if (stored) {
      const same =
        stored.participantId === input.participantId &&
        stored.amount === input.amount &&
        stored.paidOn === input.paidOn &&
        stored.mode === input.mode;
      if (!same)
        throw new SiamoError(
          'conflit',
          `Un paiement de référence « ${input.reference} » est déjà enregistré dans votre IPM avec d’autres valeurs : ` +
            'vérifiez la référence. Rien n’a été enregistré.',
          { reference: 'déjà enregistrée avec d’autres valeurs' },
        );
      const { rows: allocated } = await db.query<{ debtId: string; amount: number }>(
        'SELECT "debtId", "amount"::float8 AS "amount" FROM "MemberAllocation" WHERE "paymentId" = $1 ORDER BY "id"',
        [stored.id],
      );
      const state = await allocateMember(db, input.participantId, input.enteredBy);
      return { paymentId: stored.id, created: false, allocated, outstanding: state.outstanding, credit: state.credit };
    }
    const paymentId = randomUUID();
    await db.query(
      `INSERT INTO "MemberPayment" ("id", "ipmId", "participantId", "amount", "paidOn", "reference", "mode", "enteredBy")
       VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8)`,
      [
        paymentId,
        input.ipmId,
        input.participantId,
        input.amount,
        input.paidOn,
        input.reference,
        input.mode,
        input.enteredBy,
      ],
    );
    const state = await allocateMember(db, input.participantId, input.enteredBy);
    return {
      paymentId,
      created: true,
      allocated: state.allocated.map(({ debtId, amount }) => ({ debtId, amount })),
      outstanding: state.outstanding,
      credit: state.credit,
    };
  });
  // Also on a repeat: the first request may have stopped between its commit and its ladder's event.
  const ladder = await syncMemberLadder(cases, {
    participantId: input.participantId,
    key: outcome.paymentId,
    paidOn: input.paidOn,
  });
  return { ...outcome, ladder };
}
