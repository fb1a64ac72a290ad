import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../prisma/client.ts';

export type ComponentHealth = { ok: boolean; detail: string };
export type Health = { temporal: ComponentHealth; base: ComponentHealth; courriel: ComponentHealth };

/** How long one check may take before it counts as unavailable: the page answers even when a part hangs. */
const CHECK_TIMEOUT_MS = 5_000;

/** A check of the mail server: resolves when it accepts a connection (nodemailer's `verify`). */
export type MailCheck = () => Promise<unknown>;

/** `work`, or a rejection once the check has taken CHECK_TIMEOUT_MS: a part that hangs counts as down. */
export function bounded<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`pas de réponse en ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Error codes only: a server's own text may repeat an address or a value. */
const reason = (error: unknown) => {
  const e = error as { code?: unknown; message?: string };
  if (typeof e.code === 'string' || typeof e.code === 'number') return `indisponible (${e.code})`;
  return /pas de réponse/.test(e.message ?? '') ? `indisponible (${e.message})` : 'indisponible';
};

export async function checkHealth(deps: {
  temporal: Client;
  prisma: PrismaClient;
  mailCheck?: MailCheck;
}): Promise<Health> {
  const [temporal, base, courriel] = await Promise.allSettled([
    bounded(deps.temporal.connection.workflowService.getSystemInfo({})),
    bounded(deps.prisma.$queryRaw`SELECT 1`),
    deps.mailCheck ? bounded(deps.mailCheck()) : Promise.reject(new Error('aucune vérification configurée')),
  ]);
  return {
    temporal:
      temporal.status === 'fulfilled' ? { ok: true, detail: 'répond' } : { ok: false, detail: reason(temporal.reason) },
    base: base.status === 'fulfilled' ? { ok: true, detail: 'répond' } : { ok: false, detail: reason(base.reason) },
    courriel:
      courriel.status === 'fulfilled'
        ? { ok: true, detail: 'serveur SMTP joignable' }
        : {
            ok: false,
            detail: deps.mailCheck
              ? `serveur SMTP ${reason(courriel.reason)}`
              : 'non vérifié (aucun serveur configuré)',
          },
  };
}
