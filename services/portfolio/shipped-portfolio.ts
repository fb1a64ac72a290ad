import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type PortfolioImport, parsePortfolio } from './parse-portfolio.ts';

/** The master plan's portfolio as the SDSI states it (27 projects), shipped as demonstration data. */
export const SHIPPED_PORTFOLIO_PATH = fileURLToPath(new URL('./sdsi-portfolio.csv', import.meta.url));

/** Reads the shipped portfolio, with what its import reports. */
export async function loadShippedPortfolio(): Promise<PortfolioImport> {
  return parsePortfolio(await readFile(SHIPPED_PORTFOLIO_PATH));
}
