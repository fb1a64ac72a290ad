import { deliverMails } from '../../activities/deliver-mails.ts';
import type { ActivityDependencies } from '../../activities/index.ts';
import { requireMail } from '../../activities/mail.ts';
import type { DayKey } from '../../processes/calendar.ts';
import { resolveSettings } from '../../processes/settings.ts';
import { type AgeLimitSettings, endRightsAtAgeLimit, type NoticeChunk, recordAgeLimitNotices } from './age-limits.ts';
import { prismaSql, prismaTransaction } from './beneficiary-ipm.ts';

// The daily age-limit run's activities (workflows/age-limit-workflow.ts): ids and days only in and
// out, never a name or an address.

const settingsOf = (deps: ActivityDependencies): AgeLimitSettings => {
  const v = resolveSettings(
    ['ageLimiteEnfant', 'ageLimiteEnfantEtudiant', 'joursAvisLimiteAge'],
    deps.cases?.settingOverrides ?? {},
  );
  return {
    ageLimiteEnfant: Number(v.ageLimiteEnfant),
    ageLimiteEnfantEtudiant: Number(v.ageLimiteEnfantEtudiant),
    joursAvisLimiteAge: Number(v.joursAvisLimiteAge),
  };
};

export function createAgeLimitActivities(deps: ActivityDependencies) {
  return {
    endAgeLimitRights: (request: { day: DayKey }): Promise<number> =>
      endRightsAtAgeLimit(prismaSql(deps.prisma), request.day, settingsOf(deps)),
    recordAgeLimitNotices: (request: { day: DayKey }): Promise<NoticeChunk> => {
      const mail = requireMail(deps.mail);
      return prismaTransaction(deps.prisma)((db) => recordAgeLimitNotices(db, request.day, settingsOf(deps), mail));
    },
    deliverAgeLimitMails: (request: { mailIds: string[] }): Promise<void> =>
      deliverMails(deps.prisma, requireMail(deps.mail), request.mailIds.map(BigInt)),
  };
}

export type AgeLimitActivities = ReturnType<typeof createAgeLimitActivities>;
