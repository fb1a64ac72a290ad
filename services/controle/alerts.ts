import type { PrismaClient } from '../../prisma/client.ts';

export interface RightsCheckAlertEntry {
  id: string;
  at: Date;
  kind: string;
  providerOrganisationId: string;
  subjects: number;
  message: string;
}

const LAST = 100;

/** The last alerts: all of them (ICAMO), or those naming one IPM among the members checked. */
export async function listAlerts(
  prisma: PrismaClient,
  scope: 'all' | { ipmId: string },
): Promise<RightsCheckAlertEntry[]> {
  const rows = await prisma.rightsCheckAlert.findMany({
    where: scope === 'all' ? {} : { ipmIds: { has: scope.ipmId } },
    orderBy: { id: 'desc' },
    take: LAST,
  });
  return rows.map((r) => ({ ...r, id: String(r.id) }));
}
