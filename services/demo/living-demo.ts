import type { CaseServiceContext } from '../context.ts';
import { PROJECT_PROCESS } from '../portfolio/project-case.ts';
import { loadDemoAdhesions } from './demo-adhesions.ts';
import { loadDemoApplications } from './demo-applications.ts';
import { assignDemoApplications } from './demo-assignments.ts';
import { DEMO_LICENCES, loadDemoLicences } from './demo-licences.ts';
import { loadDemoPortfolioUnderWay } from './demo-portfolio.ts';
import { loadDemoReferentialVersions } from './demo-referentials.ts';

// The living demonstration (SIAMO_DEMO_SCENARIO, on with the demo data): what a first `npm start`
// shows on every page — licences in the register, applications waiting for each demo account (or
// entrusted to it), two employers' adhesions (one in force, one for the IPM to examine), referential
// versions awaiting approval or announced, the master plan under way — made by the processes and the
// demo accounts, as people would make it.
// Once: a database that already has it, or has a portfolio of its own, is left as it is.

export interface LivingDemoOptions {
  dataDir: string;
  uploadMaxBytes: number;
  log: (message: string) => void;
}

export async function loadLivingDemo(ctx: CaseServiceContext, options: LivingDemoOptions): Promise<boolean> {
  const [licence, projects] = await Promise.all([
    ctx.prisma.case.count({ where: { processId: 'licence', businessKey: DEMO_LICENCES.enVigueur } }),
    ctx.prisma.case.count({ where: { processId: PROJECT_PROCESS } }),
  ]);
  if (licence > 0) return false;
  options.log('Démonstration : agréments, demandes et portefeuille en cours (premier démarrage)…');
  await loadDemoLicences(ctx);
  await loadDemoApplications(ctx, options.dataDir, options.uploadMaxBytes);
  await loadDemoAdhesions(ctx, options.dataDir, options.uploadMaxBytes);
  await assignDemoApplications(ctx);
  await loadDemoReferentialVersions(ctx);
  // A database whose portfolio was imported before (the plan as its file states it) keeps it.
  if (projects === 0) await loadDemoPortfolioUnderWay(ctx, options.log);
  return true;
}
