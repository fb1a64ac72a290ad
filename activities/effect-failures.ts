import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '../prisma/client.ts';
import type { EffectRequest } from '../workflows/types.ts';

/**
 * Records an effect's failure when Temporal will not try it again (a non-retryable failure, or the
 * retry policy's last attempt): the case workflow then only logs « Effet en échec après toutes ses
 * tentatives », which supervision cannot read. The failure's type is kept, not its message, which may
 * repeat an address or an input value. Recording must never hide the failure itself.
 */
export async function recordIfFinal(prisma: PrismaClient, effect: EffectRequest, error: unknown): Promise<void> {
  let info: Context['info'];
  try {
    info = Context.current().info;
  } catch {
    return; // Called outside an activity (a test, an operator's script): nobody retries it anyway.
  }
  const nonRetryable = error instanceof ApplicationFailure && error.nonRetryable;
  const maximumAttempts = info.retryPolicy?.maximumAttempts;
  const lastAttempt = !!maximumAttempts && info.attempt >= maximumAttempts;
  if (!nonRetryable && !lastAttempt) return;
  const failureType =
    error instanceof ApplicationFailure ? (error.type ?? 'ApplicationFailure') : (error as Error).name;
  const key = `${effect.caseId}:${effect.revision}:${effect.index}`;
  const data = {
    caseId: effect.caseId,
    revision: effect.revision,
    effect: effect.name,
    failureType: failureType || 'Error',
    attempts: info.attempt,
  };
  await prisma.effectFailure
    .upsert({ where: { key }, create: { key, ...data }, update: { ...data, failedAt: new Date() } })
    .catch(() => undefined);
}
