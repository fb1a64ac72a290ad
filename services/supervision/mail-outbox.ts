import type { PrismaClient } from '../../prisma/client.ts';

export type FailedMail = { id: string; createdAt: Date; attempts: number; caseIds: string[]; error: string | null };
export type MailOutbox = {
  waiting: number;
  sending: number;
  failed: number;
  oldestWaitingAt: Date | null;
  recentFailures: FailedMail[];
};

const RECENT = 20;

/** Addresses are masked: an SMTP server's refusal often repeats the one it refused. */
const maskAddresses = (text: string) => text.replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, '…@…').slice(0, 160);

/** The outbox's backlog and the messages given up after their last attempt (`echec`). */
export async function readMailOutbox(prisma: PrismaClient): Promise<MailOutbox> {
  const [waiting, sending, failed, oldest, recent] = await Promise.all([
    prisma.mailMessage.count({ where: { status: 'a_envoyer' } }),
    prisma.mailMessage.count({ where: { status: 'envoi_en_cours' } }),
    prisma.mailMessage.count({ where: { status: 'echec' } }),
    prisma.mailMessage.findFirst({
      where: { status: 'a_envoyer' },
      orderBy: { createdAt: 'asc' },
      select: { createdAt: true },
    }),
    prisma.mailMessage.findMany({
      where: { status: 'echec' },
      orderBy: { createdAt: 'desc' },
      take: RECENT,
      select: {
        id: true,
        createdAt: true,
        attempts: true,
        lastError: true,
        notifications: { select: { caseId: true } },
      },
    }),
  ]);
  return {
    waiting,
    sending,
    failed,
    oldestWaitingAt: oldest?.createdAt ?? null,
    recentFailures: recent.map((m) => ({
      id: String(m.id),
      createdAt: m.createdAt,
      attempts: m.attempts,
      caseIds: [...new Set(m.notifications.map((n) => n.caseId))],
      error: m.lastError ? maskAddresses(m.lastError) : null,
    })),
  };
}
