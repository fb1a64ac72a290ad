import type { PrismaClient } from '../../prisma/client.ts';
import type { DayKey } from '../../processes/calendar.ts';
import type { RightsAnswer, RightsSettings } from '../../processes/enrolment/rights.ts';
import { SiamoError } from '../errors.ts';
import { prismaSql } from './beneficiary-ipm.ts';
import { rightsAt, rightsAtMany } from './rights-at.ts';

// What a member (`assure`) reads of the register: its own participant, found from its account and
// never from an id it sends, and that participant's dependants — each answered by `rightsAt`, the one
// rule. Nothing here takes a beneficiary's id from the caller, so no member can name another.

export interface MemberDependant {
  id: string;
  kind: string;
  firstNames: string;
  lastName: string;
  birthDate: string;
  cardNumber: string;
  rights: RightsAnswer;
}

export interface MemberCoverage {
  participantId: string;
  firstNames: string;
  lastName: string;
  cardNumber: string;
  ipmName: string | null;
  rights: RightsAnswer;
}

const noAccount = () =>
  new SiamoError(
    'introuvable',
    'Aucun assuré n’est rattaché à votre compte : demandez à votre IPM de vous inviter à nouveau.',
  );

/** The participant bound to a member's account; refused when there is none. */
async function ownParticipant(prisma: PrismaClient, userId: string) {
  const account = await prisma.memberAccount.findUnique({
    where: { userId },
    select: {
      participant: { select: { id: true, ipmId: true, firstNames: true, lastName: true, cardNumber: true } },
    },
  });
  if (!account) throw noAccount();
  return account.participant;
}

export async function memberCoverage(
  prisma: PrismaClient,
  userId: string,
  date: DayKey,
  settings: RightsSettings,
): Promise<MemberCoverage> {
  const p = await ownParticipant(prisma, userId);
  const rights = await rightsAt(prismaSql(prisma), p.id, date, settings);
  const ipm = rights.ipmId ?? p.ipmId;
  const organisation = await prisma.organisation.findUnique({ where: { id: ipm }, select: { name: true } });
  return {
    participantId: p.id,
    firstNames: p.firstNames,
    lastName: p.lastName,
    cardNumber: p.cardNumber,
    ipmName: organisation?.name ?? null,
    rights,
  };
}

export async function memberDependants(
  prisma: PrismaClient,
  userId: string,
  date: DayKey,
  settings: RightsSettings,
): Promise<MemberDependant[]> {
  const p = await ownParticipant(prisma, userId);
  const dependants = await prisma.dependant.findMany({
    where: { participantId: p.id },
    orderBy: { rank: 'asc' },
    select: { id: true, kind: true, firstNames: true, lastName: true, birthDate: true, cardNumber: true },
  });
  const answers = await rightsAtMany(
    prismaSql(prisma),
    dependants.map((d) => ({ beneficiaryId: d.id, date })),
    settings,
  );
  return dependants.map((d, i) => ({
    id: d.id,
    kind: d.kind,
    firstNames: d.firstNames,
    lastName: d.lastName,
    birthDate: d.birthDate.toISOString().slice(0, 10),
    cardNumber: d.cardNumber,
    rights: answers[i] as RightsAnswer,
  }));
}
