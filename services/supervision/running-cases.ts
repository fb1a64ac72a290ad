import type { PrismaClient } from '../../prisma/client.ts';
import { engineFor } from '../definition-engines.ts';

export type RunningCount = { processId: string; version: number; state: string; stateLabel: string; count: number };

/** Open cases by process, version and state, from the projection. */
export async function countRunningCases(prisma: PrismaClient): Promise<RunningCount[]> {
  const groups = await prisma.case.groupBy({
    by: ['processId', 'processVersion', 'state'],
    where: { terminal: false },
    _count: { _all: true },
    orderBy: [{ processId: 'asc' }, { processVersion: 'asc' }, { state: 'asc' }],
  });
  return Promise.all(
    groups.map(async (g) => {
      const engine = await engineFor(prisma, g.processId, g.processVersion);
      return {
        processId: g.processId,
        version: g.processVersion,
        state: g.state,
        stateLabel: engine?.stateLabel(g.state) ?? g.state,
        count: g._count._all,
      };
    }),
  );
}

export async function databaseSize(prisma: PrismaClient): Promise<number> {
  const [row] = await prisma.$queryRaw<{ size: bigint }[]>`SELECT pg_database_size(current_database()) AS size`;
  return Number(row?.size ?? 0);
}
