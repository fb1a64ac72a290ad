import type { PrismaClient } from '../../prisma/client.ts';
import { dakarDay } from '../../processes/calendar.ts';
import type { RightsAnswer } from '../../processes/enrolment/rights.ts';
import type { SettingValues } from '../../processes/settings.ts';
import { SiamoError } from '../errors.ts';
import { prismaSql } from './beneficiary-ipm.ts';
import { rightsAt, rightsSettingsOf } from './rights-at.ts';
import { day } from './sql.ts';

// A participant's file as the IPM's agents read it: identity (never the NIN), employer, every
// affiliation period, dependants, and rights today from the one rule (`rightsAt`). Another IPM's
// participant is answered as nobody.

export interface ParticipantFile {
  id: string;
  cardNumber: string;
  matricule: string;
  lastName: string;
  firstNames: string;
  birthDate: string;
  sex: string;
  salary: number;
  employerId: string;
  employerName: string;
  affiliations: {
    id: string;
    employerName: string;
    validFrom: string;
    validTo: string | null;
    startReason: string;
    endReason: string | null;
  }[];
  dependants: {
    id: string;
    kind: string;
    rank: number;
    lastName: string;
    firstNames: string;
    birthDate: string;
    cardNumber: string;
  }[];
  rightsToday: RightsAnswer;
  memberSpace: MemberSpace;
}

/** The participant's own space as its IPM sees it, to invite it or send it a new code. */
export interface MemberSpace {
  /** non_invite, code_envoye (not used yet), code_expire, or ouvert (it chose its password). */
  status: 'non_invite' | 'code_envoye' | 'code_expire' | 'ouvert';
  email: string | null;
  lastInvitedAt: Date | null;
  /** premiere, renvoi or mot_de_passe_perdu. */
  lastReason: string | null;
  invitations: number;
}

export async function participantFile(
  prisma: PrismaClient,
  ipmId: string,
  participantId: string,
  settingOverrides?: SettingValues,
): Promise<ParticipantFile> {
  const [participant] = await prisma.$queryRawUnsafe<
    Omit<ParticipantFile, 'affiliations' | 'dependants' | 'rightsToday'>[]
  >(
    `SELECT p."id", p."cardNumber", p."matricule", p."lastName", p."firstNames", ${day('p."birthDate"')} AS "birthDate",
            p."sex", p."salary", p."employerId", e."name" AS "employerName"
       FROM "Participant" p JOIN "Employer" e ON e."id" = p."employerId"
      WHERE p."id" = $1 AND p."ipmId" = $2`,
    participantId,
    ipmId,
  );
  if (!participant) throw new SiamoError('introuvable', 'Participant introuvable dans le registre de votre IPM.');
  const [affiliations, dependants, rightsToday, memberSpace] = await Promise.all([
    prisma.$queryRawUnsafe<ParticipantFile['affiliations']>(
      `SELECT a."id", e."name" AS "employerName", ${day('a."validFrom"')} AS "validFrom", ${day('a."validTo"')} AS "validTo",
              a."startReason", a."endReason"
         FROM "Affiliation" a JOIN "Employer" e ON e."id" = a."employerId"
        WHERE a."participantId" = $1 AND a."ipmId" = $2 ORDER BY a."validFrom" DESC`,
      participantId,
      ipmId,
    ),
    prisma.$queryRawUnsafe<ParticipantFile['dependants']>(
      `SELECT "id", "kind", "rank", "lastName", "firstNames", ${day('"birthDate"')} AS "birthDate", "cardNumber"
         FROM "Dependant" WHERE "participantId" = $1 ORDER BY "rank"`,
      participantId,
    ),
    rightsAt(prismaSql(prisma), participantId, dakarDay(new Date()), rightsSettingsOf(settingOverrides)),
    memberSpaceOf(prisma, participantId),
  ]);
  return { ...participant, affiliations, dependants, rightsToday, memberSpace };
}

async function memberSpaceOf(prisma: PrismaClient, participantId: string, now = new Date()): Promise<MemberSpace> {
  const [account, invitations, last] = await Promise.all([
    prisma.memberAccount.findUnique({
      where: { participantId },
      select: { user: { select: { email: true, temporaryPasswordUntil: true } } },
    }),
    prisma.memberInvitation.count({ where: { participantId } }),
    prisma.memberInvitation.findFirst({ where: { participantId }, orderBy: { at: 'desc' } }),
  ]);
  const until = account?.user.temporaryPasswordUntil;
  return {
    status: !account ? 'non_invite' : until === null ? 'ouvert' : until && until > now ? 'code_envoye' : 'code_expire',
    email: account?.user.email ?? null,
    lastInvitedAt: last?.at ?? null,
    lastReason: last?.reason ?? null,
    invitations,
  };
}
