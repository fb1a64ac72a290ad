import type { PrismaClient } from '../../prisma/client.ts';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../processes/effects.ts';
import '../domains.ts';

/** How a person receives one kind of message: at once, or in the daily digest. */
export type DeliveryMode = 'immediat' | 'resume';

export const DELIVERY_MODES: Record<DeliveryMode, string> = {
  immediat: 'Courriel immédiat',
  resume: 'Résumé quotidien',
};

export const isDeliveryMode = (value: unknown): value is DeliveryMode =>
  typeof value === 'string' && Object.hasOwn(DELIVERY_MODES, value);

/** A person's choice for every kind, immediate where they have not chosen. */
export async function notificationPreferences(
  prisma: PrismaClient,
  userId: string,
): Promise<{ kind: NotificationKind; label: string; mode: DeliveryMode }[]> {
  const rows = await prisma.notificationPreference.findMany({ where: { userId } });
  const chosen = new Map(rows.map((r) => [r.kind, r.mode]));
  return (Object.keys(NOTIFICATION_KINDS) as NotificationKind[]).map((kind) => {
    const mode = chosen.get(kind);
    return { kind, label: NOTIFICATION_KINDS[kind] ?? kind, mode: isDeliveryMode(mode) ? mode : 'immediat' };
  });
}

export async function setNotificationPreference(
  prisma: PrismaClient,
  userId: string,
  kind: NotificationKind,
  mode: DeliveryMode,
): Promise<void> {
  await prisma.notificationPreference.upsert({
    where: { userId_kind: { userId, kind } },
    create: { userId, kind, mode },
    update: { mode },
  });
}

/** The delivery mode of `kind` for each of `userIds`. */
export async function deliveryModes(
  prisma: PrismaClient,
  userIds: string[],
  kind: string,
): Promise<Map<string, DeliveryMode>> {
  const rows = await prisma.notificationPreference.findMany({ where: { userId: { in: userIds }, kind } });
  return new Map(rows.map((r) => [r.userId, isDeliveryMode(r.mode) ? r.mode : 'immediat']));
}
