import { assignCase } from '../assign-case.ts';
import type { CaseServiceContext } from '../context.ts';
import { caseIdOf } from '../start-case.ts';
import { demoViewer } from './demo-people.ts';

// No shipped process waits for an IPM's agent: the gérant hands the agent the files to prepare, as
// the portal's assignment does. Each agent then finds, on their home page, the application of their
// own IPM that was entrusted to them: the draft to complete, the complements the ministry asked for.

export const DEMO_ASSIGNMENTS = [
  {
    gerant: 'gerant.ipm-dakar',
    agent: 'agent.ipm-dakar',
    organisationId: 'ipm-industries-dakar',
    key: 'DEM-DEMO-0001',
  },
  { gerant: 'gerant.ipm-thies', agent: 'agent.ipm-thies', organisationId: 'ipm-thies', key: 'DEM-DEMO-0003' },
] as const;

export async function assignDemoApplications(ctx: CaseServiceContext): Promise<void> {
  for (const { gerant, agent, organisationId, key } of DEMO_ASSIGNMENTS) {
    const assignee = await ctx.prisma.user.findUniqueOrThrow({
      where: { email: `${agent}@demo.siamo.sn` },
      select: { id: true },
    });
    await assignCase(ctx.prisma, {
      viewer: await demoViewer(ctx.prisma, gerant),
      caseId: caseIdOf('agrement', organisationId, key),
      assigneeId: assignee.id,
    });
  }
}
