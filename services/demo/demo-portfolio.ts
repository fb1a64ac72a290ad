import { readFile } from 'node:fs/promises';
import {
  addMonthsToDay,
  type DayKey,
  dakarDay,
  dayKey,
  dayNumber,
  monthIndex,
  monthKey,
  monthOfDay,
} from '../../processes/calendar.ts';
import { PLAN_WINDOW, plannedDates } from '../../processes/portfolio/schedule.ts';
import { SYSTEM_ACTOR } from '../../processes/roles.ts';
import type { CaseServiceContext } from '../context.ts';
import { SiamoError } from '../errors.ts';
import { importPortfolio } from '../portfolio/import-portfolio.ts';
import { DEMO_PORTFOLIO_ORGANISATION } from '../portfolio/load-demo-portfolio.ts';
import { PROJECT_PROCESS, projectKey } from '../portfolio/project-case.ts';
import { SHIPPED_PORTFOLIO_PATH } from '../portfolio/shipped-portfolio.ts';
import { sendEventAs } from '../send-event-as.ts';
import type { Viewer } from '../viewer.ts';
import { demoViewer } from './demo-people.ts';

// The master plan as a portfolio under way: the shipped file imported with its plan moved by whole
// months so that today falls in its 16th month (the file itself, imported by `portfolio:import`,
// keeps its dates), then its first months lived by ICAMO's chef de projet through the projects'
// process: projects finished (some late), others started with their monthly report, a forecast end
// that slips, milestones overdue and due; projects whose prerequisites are not finished stay
// planned, late to start.

/** The month of the plan today falls in (0: its first). */
const TODAY_IN_PLAN = 15;

export const demoShiftMonths = (today: DayKey): number =>
  monthOfDay(today) - TODAY_IN_PLAN - monthIndex(PLAN_WINDOW.start);

export async function loadDemoPortfolioUnderWay(ctx: CaseServiceContext, log: (message: string) => void) {
  const today = dakarDay(new Date());
  const result = await importPortfolio(ctx, {
    file: await readFile(SHIPPED_PORTFOLIO_PATH),
    fileName: 'sdsi-portfolio.csv',
    organisationId: DEMO_PORTFOLIO_ORGANISATION,
    actor: SYSTEM_ACTOR,
    shiftMonths: demoShiftMonths(today),
  });
  const chef = await demoViewer(ctx.prisma, 'analyste.icamo');
  let refused = 0;
  for (const project of [...result.projects].sort((a, b) => a.number - b.number)) {
    const plan = plannedDates(project);
    if (!plan || plan.startDay > today) continue;
    const kase = await ctx.prisma.case.findFirst({
      where: {
        processId: PROJECT_PROCESS,
        organisationId: DEMO_PORTFOLIO_ORGANISATION,
        businessKey: projectKey(project.number),
      },
      select: { id: true },
    });
    if (!kase) continue;
    try {
      await liveProject(ctx, chef, kase.id, project.number, plan, today);
    } catch (error) {
      // A prerequisite not finished: the project stays planned, and the portfolio shows it late to start.
      if (!(error instanceof SiamoError)) throw error;
      refused++;
    }
  }
  if (refused > 0)
    log(`Portefeuille de démonstration : ${refused} projet(s) laissé(s) planifié(s), prérequis en attente.`);
}

async function liveProject(
  ctx: CaseServiceContext,
  chef: Viewer,
  caseId: string,
  number: number,
  plan: { startDay: DayKey; endDay: DayKey | null },
  today: DayKey,
) {
  const act = (event: string, input: Record<string, unknown>) => sendEventAs(ctx, chef, { caseId, event, input });
  await prerequisitesDone(ctx, caseId);
  // Every third project starts a few days late.
  const started = number % 3 === 0 ? dayKey(dayNumber(plan.startDay) + 9) : plan.startDay;
  if (started > today) return;
  await act('projet.demarrer', { dateDemarrage: started });
  const end = plan.endDay;
  if (end !== null && end < today) {
    // Finished: on time, or (one in two) a month late when that month has passed.
    const late = addMonthsToDay(end, 1);
    const finished = number % 2 === 0 && late < today ? late : end;
    await act('rapport.deposer', {
      periode: monthKey(monthOfDay(end)),
      avancement: 100,
      realisations: 'Livrables remis et validés par le comité de pilotage.',
    });
    await act('projet.terminer', { dateFin: finished, bilan: 'Objectifs atteints ; livrables archivés à l’ICAMO.' });
    return;
  }
  // Under way: its milestones, one overdue and one due within the month, and last month's report.
  const startedDay = dayNumber(started);
  const overdue = dayKey(Math.max(startedDay + 1, dayNumber(today) - 12));
  if (overdue < today) await act('jalon.ajouter', { nomJalon: 'Cahier des charges validé', echeanceJalon: overdue });
  await act('jalon.ajouter', {
    nomJalon: 'Recette de la première version',
    echeanceJalon: dayKey(dayNumber(today) + 18),
  });
  const month = Math.max(monthOfDay(started), monthOfDay(today) - 1);
  const elapsed = end === null ? 0.3 : (dayNumber(today) - startedDay) / Math.max(1, dayNumber(end) - startedDay);
  await act('rapport.deposer', {
    periode: monthKey(month),
    avancement: Math.max(5, Math.min(95, Math.round(elapsed * 80))),
    realisations: 'Ateliers avec les IPM et les prestataires ; spécifications en cours de validation.',
    risques: 'Disponibilité des équipes des IPM\nDélais de passation des marchés',
    // One in two slips: its forecast end two months after the plan's.
    ...(end !== null ? { finPrevue: number % 2 === 1 ? addMonthsToDay(end, 2) : end } : {}),
  });
}

/**
 * A prerequisite finished just before reaches its dependants through an effect: waits for it briefly.
 * One not finished at all is left to the start's refusal.
 */
async function prerequisitesDone(ctx: CaseServiceContext, caseId: string) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const kase = await ctx.prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { context: true } });
    const pending = ((kase.context as Record<string, unknown>)?.prerequisEnAttente ?? []) as { numero: number }[];
    if (pending.length === 0) return;
    const finished = await ctx.prisma.case.count({
      where: {
        processId: PROJECT_PROCESS,
        organisationId: DEMO_PORTFOLIO_ORGANISATION,
        businessKey: { in: pending.map((p) => projectKey(p.numero)) },
        state: 'termine',
      },
    });
    if (finished < pending.length) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
