import type { PrismaClient } from '../../prisma/client.ts';
import { SiamoError } from '../errors.ts';
import { memberReimbursements, type Reimbursement } from './reimbursements.ts';

// A participant's balance with its IPM, both ways: the quote-parts and other amounts it still owes
// (MemberDebt with something left to pay), its recent payments and unused credit — written by the
// debts' services — and what the IPM owes it (MemberReimbursement). Read by the member for itself
// (`myBalance`: the participant comes from the caller's MemberAccount, never from an id it sends) and
// by the IPM holding the participant (`participantBalance`).

export interface BalanceDebt {
  id: string;
  kind: string;
  label: string;
  incurredOn: string;
  dueDate: string;
  amount: number;
  paid: number;
  remaining: number;
  status: string;
  /** The first names of whom the care was for: the dependant's, else the participant's. */
  beneficiaryFirstNames: string;
}

export interface BalancePayment {
  id: string;
  amount: number;
  paidOn: string;
  mode: string;
}

export interface MemberBalance {
  participantId: string;
  debts: BalanceDebt[];
  totalDue: number;
  payments: BalancePayment[];
  credit: number;
  reimbursements: Reimbursement[];
  /** What the IPM still owes: the reimbursements not yet paid. */
  totalReimbursementsDue: number;
}

/** How many of the latest payments the balance shows. */
const RECENT_PAYMENTS = 10;
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

async function balanceOf(prisma: PrismaClient, ipmId: string, participantId: string): Promise<MemberBalance> {
  const [debts, payments, credit, reimbursements, people] = await Promise.all([
    prisma.memberDebt.findMany({
      where: { participantId, ipmId, status: { not: 'annulee' } },
      orderBy: [{ dueDate: 'asc' }, { incurredOn: 'asc' }],
    }),
    prisma.memberPayment.findMany({
      where: { participantId, ipmId },
      orderBy: [{ paidOn: 'desc' }, { enteredAt: 'desc' }],
      take: RECENT_PAYMENTS,
    }),
    prisma.memberCredit.findUnique({ where: { participantId } }),
    memberReimbursements(prisma, ipmId, participantId),
    prisma.participant.findUniqueOrThrow({
      where: { id: participantId },
      select: { firstNames: true, dependants: { select: { id: true, firstNames: true } } },
    }),
  ]);
  const whom = (dependantId: string | null) =>
    people.dependants.find((d) => d.id === dependantId)?.firstNames ?? people.firstNames;
  const open = debts
    .map((d) => ({
      id: d.id,
      kind: d.kind,
      label: d.label,
      incurredOn: dayOf(d.incurredOn),
      dueDate: dayOf(d.dueDate),
      amount: Number(d.amount),
      paid: Number(d.paid),
      remaining: Number(d.amount - d.paid),
      status: d.status,
      beneficiaryFirstNames: whom(d.dependantId),
    }))
    .filter((d) => d.remaining > 0);
  return {
    participantId,
    debts: open,
    totalDue: open.reduce((sum, d) => sum + d.remaining, 0),
    payments: payments.map((p) => ({ id: p.id, amount: Number(p.amount), paidOn: dayOf(p.paidOn), mode: p.mode })),
    credit: credit && credit.ipmId === ipmId ? Number(credit.amount) : 0,
    reimbursements,
    totalReimbursementsDue: reimbursements.filter((r) => r.status === 'du').reduce((sum, r) => sum + r.amount, 0),
  };
}

/** The balance of the member signed in as `userId`; refused when no participant is bound to it. */
export async function myBalance(prisma: PrismaClient, userId: string): Promise<MemberBalance> {
  const account = await prisma.memberAccount.findUnique({
    where: { userId },
    select: { participant: { select: { id: true, ipmId: true } } },
  });
  if (!account)
    throw new SiamoError(
      'introuvable',
      'Aucun assuré n’est rattaché à votre compte : demandez à votre IPM de vous inviter à nouveau.',
    );
  return balanceOf(prisma, account.participant.ipmId, account.participant.id);
}

/** A participant's balance, for the IPM holding it; another IPM's participant is nobody. */
export async function participantBalance(
  prisma: PrismaClient,
  ipmId: string,
  participantId: string,
): Promise<MemberBalance> {
  const participant = await prisma.participant.findUnique({ where: { id: participantId }, select: { ipmId: true } });
  if (participant?.ipmId !== ipmId)
    throw new SiamoError(
      'introuvable',
      'Participant introuvable dans votre IPM : vérifiez son identifiant (seule l’IPM qui le détient le voit).',
    );
  return balanceOf(prisma, ipmId, participantId);
}
