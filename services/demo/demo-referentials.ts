import { addMonthsToDay, dakarDay } from '../../processes/calendar.ts';
import type { CaseServiceContext } from '../context.ts';
import { normsCsv } from '../referentials/other-samples.ts';
import { sampleActs, tariffsCsv } from '../referentials/samples.ts';
import { decideVersion, importVersionWithCase } from '../referentials/version-case.ts';
import { demoViewer } from './demo-people.ts';

// New versions of two referentials, brought by their owners through the commands the portal uses
// (an import by the owner's agent opens the version's case): ICAMO's analyst imports revised
// management norms, which wait for ICAMO steering's approval; the ministry's agent imports next
// month's tariffs, which its director approves, so that the IPMs and providers see the change coming.
// The shipped versions (services/referentials/shipped.ts) are loaded before, and these follow them.

const encode = (text: string) => new TextEncoder().encode(text);

/** The shipped norms with the reimbursement delay shortened and one norm added. */
export function revisedNormsCsv(): string {
  const lines = normsCsv().trimEnd().split('\n');
  const revised = lines.map((line) => (line.startsWith('NG-001;') ? line.replace(/;30;jours$/, ';21;jours') : line));
  return `${[...revised, 'NG-007;Délai de traitement d’une réclamation (exemple);10;jours'].join('\n')}\n`;
}

/** July's sample tariffs with one act in five raised by 5 % (rounded to 50 FCFA), its ceiling with it. */
export function revisedTariffsCsv(): string {
  const [header, ...rows] = tariffsCsv(sampleActs(), 1).trimEnd().split('\n');
  const round = (value: number) => Math.round(value / 50) * 50;
  const revised = rows.map((row, i) => {
    if (i % 5 !== 0) return row;
    const [code, amount] = row.split(';');
    const raised = round(Number(amount) * 1.05);
    return `${code};${raised};${round(raised * 0.8)}`;
  });
  return `${[header, ...revised].join('\n')}\n`;
}

/** The first day of next month: the day the demo's new tariffs come into force. */
export const demoTariffDay = (today = dakarDay(new Date())) => `${addMonthsToDay(today, 1).slice(0, 7)}-01`;

/** The demo waits for its imports' batches: the versions' cases are what it shows. */
const DEMO_IMPORT_WAIT_MS = 300_000;

export async function loadDemoReferentialVersions(ctx: CaseServiceContext): Promise<void> {
  const norms = await importVersionWithCase(ctx, await demoViewer(ctx.prisma, 'analyste.icamo'), {
    referential: 'normes',
    file: encode(revisedNormsCsv()),
    fileName: 'normes-revision.csv',
    title: 'Normes de gestion des IPM, révision (exemple de démonstration)',
    waitMs: DEMO_IMPORT_WAIT_MS,
  });
  if ('problem' in norms || !norms.caseId) throw new Error('Démonstration : la révision des normes est refusée.');
  const tariffs = await importVersionWithCase(ctx, await demoViewer(ctx.prisma, 'agent.ministere'), {
    referential: 'tarifs',
    file: encode(revisedTariffsCsv()),
    fileName: 'tarifs-revision.csv',
    title: 'Tarifs, révision à venir (exemple de démonstration)',
    waitMs: DEMO_IMPORT_WAIT_MS,
  });
  if ('problem' in tariffs || !tariffs.caseId) throw new Error('Démonstration : la révision des tarifs est refusée.');
  await decideVersion(ctx, await demoViewer(ctx.prisma, 'directeur.ministere'), tariffs.versionId, {
    action: 'approuver',
    dateEffet: demoTariffDay(),
  });
}
