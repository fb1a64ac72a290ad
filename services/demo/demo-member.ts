import { addMonthsToDay } from '../../processes/calendar.ts';
import type { CaseServiceContext } from '../context.ts';
import { recordMemberDebt } from '../quote-parts/debts.ts';
import { markReimbursementPaid, recordReimbursement } from '../quote-parts/reimbursements.ts';

// The demo member (`assure@demo.siamo.sn`, services/people/demo-accounts.ts) bound to a made-up worker
// of the Huilerie du Cayor at Thiès, with what its space shows: a quote-part past due (the IPM's daily
// run opens its reminder ladder), one not yet due, a reimbursement due and one paid. Once: a demo member
// already bound is left alone, whatever it did since.

export const DEMO_MEMBER = { email: 'assure@demo.siamo.sn', employerId: 'emp-huilerie-cayor', matricule: 'HDC0003' };

const plusDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export async function loadDemoMember(ctx: CaseServiceContext, today: string): Promise<boolean> {
  const { prisma } = ctx;
  const user = await prisma.user.findUnique({ where: { email: DEMO_MEMBER.email }, include: { memberAccount: true } });
  if (!user || user.memberAccount) return false;
  const participant = await prisma.participant.findFirst({
    where: { employerId: DEMO_MEMBER.employerId, matricule: DEMO_MEMBER.matricule },
    select: { id: true, ipmId: true, firstNames: true, lastName: true },
  });
  if (!participant) return false;
  const agent = await prisma.user.findUniqueOrThrow({ where: { email: 'agent.ipm-thies@demo.siamo.sn' } });
  await prisma.$transaction([
    prisma.memberAccount.create({
      data: { userId: user.id, participantId: participant.id, ipmId: participant.ipmId, invitedBy: agent.id },
    }),
    prisma.user.update({
      where: { id: user.id },
      data: { displayName: `${participant.firstNames} ${participant.lastName}`, organisationId: participant.ipmId },
    }),
  ]);
  const debt = (reference: string, label: string, incurredOn: string, amount: number, dueDate: string) =>
    recordMemberDebt(ctx, {
      ipmId: participant.ipmId,
      createdBy: agent.id,
      participantId: participant.id,
      kind: 'quote_part',
      reference,
      label,
      incurredOn,
      amount,
      dueDate,
    });
  await debt('DEMO-QP-0001', 'Quote-part de pharmacie', addMonthsToDay(today, -2), 12_500, plusDays(today, -20));
  await debt('DEMO-QP-0002', 'Quote-part de consultation spécialisée', plusDays(today, -5), 6_000, plusDays(today, 25));
  const reimbursement = (reference: string, label: string, incurredOn: string, claimed: number, amount: number) =>
    recordReimbursement(prisma, {
      ipmId: participant.ipmId,
      createdBy: agent.id,
      participantId: participant.id,
      reference,
      label,
      incurredOn,
      claimedAmount: claimed,
      amount,
    });
  await reimbursement(
    'DEMO-RB-0001',
    'Analyses de laboratoire payées à la clinique',
    plusDays(today, -12),
    30_000,
    24_000,
  );
  const paid = await reimbursement('DEMO-RB-0002', 'Lunettes de vue', addMonthsToDay(today, -3), 80_000, 40_000);
  // No mail: the demo member's address reaches nobody.
  await markReimbursementPaid(
    { prisma, mail: undefined },
    {
      id: paid.id,
      ipmId: participant.ipmId,
      paidOn: plusDays(today, -30),
      paymentReference: 'VIR-DEMO-0002',
      paidBy: agent.id,
    },
  );
  return true;
}
