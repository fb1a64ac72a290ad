import { readFile } from 'node:fs/promises';
import { SYSTEM_ACTOR } from '../../processes/roles.ts';
import type { CaseServiceContext } from '../context.ts';
import { importPortfolio, type PortfolioImportResult } from './import-portfolio.ts';
import { SHIPPED_PORTFOLIO_PATH } from './shipped-portfolio.ts';

/** ICAMO's organisation among the demo data (services/people/demo-accounts.ts). */
export const DEMO_PORTFOLIO_ORGANISATION = 'icamo';

/**
 * The master plan's 27 projects as demo data: the shipped file, imported into ICAMO by the engine
 * through the same service as the command and the API. Idempotent: at each start after the first, it
 * finds every case open and changes nothing.
 */
export async function loadDemoPortfolio(ctx: CaseServiceContext): Promise<PortfolioImportResult> {
  return importPortfolio(ctx, {
    file: await readFile(SHIPPED_PORTFOLIO_PATH),
    fileName: 'sdsi-portfolio.csv',
    organisationId: DEMO_PORTFOLIO_ORGANISATION,
    actor: SYSTEM_ACTOR,
  });
}
