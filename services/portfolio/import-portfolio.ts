import { createHash } from 'node:crypto';
import type { PrismaClient } from '../../prisma/client.ts';
import { SYSTEM_ACTOR } from '../../processes/roles.ts';
import type { Actor } from '../../workflows/types.ts';
import type { CaseServiceContext } from '../context.ts';
import { SiamoError } from '../errors.ts';
import { startCase } from '../start-case.ts';
import type { ImportIssue } from './import-issues.ts';
import { inFileOrder, type PortfolioImport, parsePortfolio } from './parse-portfolio.ts';
import type { PortfolioProject } from './project.ts';
import { describePlanValue, PLAN_FIELDS, PROJECT_PROCESS, projectCaseInput, projectKey } from './project-case.ts';
import { type PortfolioTotals, portfolioTotals } from './totals.ts';

// The one way a portfolio file becomes cases: the command, the API and the demo data at start-up all
// come here. The file is read (parse-portfolio.ts reports what it cannot read or resolve), then each
// project gets its case in the organisation — opened once, by its business key `SDSI-07`:
// - a project without a case is opened, in « planifié », with the plan's values and its prerequisite
//   projects not yet completed as pending;
// - a project whose case exists is left as it is: the case is the record of what happened, and its plan
//   is the baseline slippage is measured against. Where the file's plan differs from the case's, the
//   import says so, field by field; the steering committee revises the plan in the case if it decides
//   to (« Réviser le plan »), and the history keeps why;
// - a case whose project the file no longer has is kept, and said so.
// Importing the same file twice therefore changes nothing: no case, no transition.

export interface ImportPortfolioOptions {
  /** The file's content (bytes, so that an encoding other than UTF-8 is reported) and its name. */
  file: Uint8Array;
  fileName: string;
  organisationId: string;
  /**
   * Who imports: a person of the steering committee, or `systeme` for the demo data. Recorded with the
   * import; the cases themselves are opened by the engine (`systeme`), as the process requires.
   */
  actor: Actor;
  /**
   * Whole months to move the file's plan by (the demonstration, whose plan is moved so that today falls
   * inside it); recorded with the import, and the portal says so. Unset: the plan as the file states it.
   */
  shiftMonths?: number;
}

export interface PortfolioImportResult {
  /** The recorded import (for an import of the same file that opened nothing: the earlier one). */
  id: string | null;
  fileName: string;
  sha256: string;
  importedAt: Date;
  /** The projects the file gives, as read. */
  projects: PortfolioProject[];
  /** What the file's reading and the cases' comparison reported, in the order of the file. */
  issues: ImportIssue[];
  /** Projects whose case this import opened, and those that already had one. */
  opened: number[];
  existing: number[];
  /** Budget of the file's projects, by axis, by phase and in all. */
  totals: PortfolioTotals;
  /** Months the plan was moved by (the demonstration); 0: as the file states it. */
  shiftMonths: number;
}

/** How many cases are opened at once: the worker and the database share two cores with the rest. */
const OPENING_CONCURRENCY = 4;

export async function importPortfolio(
  ctx: CaseServiceContext,
  options: ImportPortfolioOptions,
): Promise<PortfolioImportResult> {
  const sha256 = createHash('sha256').update(options.file).digest('hex');
  const parsed: PortfolioImport = parsePortfolio(options.file, { shiftMonths: options.shiftMonths ?? 0 });
  const issues: ImportIssue[] = [...parsed.issues];
  const existingCases = await ctx.prisma.case.findMany({
    where: { processId: PROJECT_PROCESS, organisationId: options.organisationId },
    select: { businessKey: true, state: true, context: true },
  });
  const caseOf = new Map(existingCases.map((c) => [c.businessKey, c]));
  const stateOf = (number: number) => caseOf.get(projectKey(number))?.state;

  const fresh = parsed.projects.filter((p) => !caseOf.has(projectKey(p.number)));
  const existing = parsed.projects.filter((p) => caseOf.has(projectKey(p.number)));
  for (const project of existing) {
    const kase = caseOf.get(projectKey(project.number));
    const difference = planDifferences(project, (kase?.context ?? {}) as Record<string, unknown>);
    if (difference.length === 0) continue;
    issues.push({
      code: 'dossier-different',
      severity: 'avertissement',
      line: project.line,
      column: null,
      project: project.number,
      problem: `Le plan du fichier diffère de celui du dossier ${projectKey(project.number)} : ${difference.join(' ; ')}.`,
      action:
        'Dossier inchangé : le plan d’un projet se révise dans son dossier, sur décision du comité de pilotage ' +
        '(« Réviser le plan »).',
    });
  }
  const inFile = new Set(parsed.projects.map((p) => projectKey(p.number)));
  // A file that could not be read at all says nothing of the cases: no « absent » report then.
  if (parsed.projects.length > 0) {
    for (const kase of existingCases.filter((c) => !inFile.has(c.businessKey)).sort(byKey)) {
      issues.push({
        code: 'absent-du-fichier',
        severity: 'information',
        line: null,
        column: null,
        project: Number((kase.context as Record<string, unknown>)?.numero) || null,
        problem: `Le dossier ${kase.businessKey} n’a plus de projet dans le fichier.`,
        action: 'Dossier gardé tel quel.',
      });
    }
  }

  const opened: number[] = [];
  const queue = [...fresh];
  const openNext = async (): Promise<void> => {
    const project = queue.shift();
    if (!project) return;
    // A prerequisite waits until its project's case is completed; one opened now is only planned.
    const pending = project.dependsOn.filter((n) => stateOf(n) !== 'termine');
    try {
      const { created } = await startCase(ctx, {
        processId: PROJECT_PROCESS,
        businessKey: projectKey(project.number),
        organisationId: options.organisationId,
        actor: SYSTEM_ACTOR,
        input: projectCaseInput(project, pending),
      });
      if (created) opened.push(project.number);
    } catch (error) {
      if (!(error instanceof SiamoError)) throw error;
      const fields = Object.values(error.fieldErrors ?? {});
      issues.push({
        code: 'ouverture',
        severity: 'erreur',
        line: project.line,
        column: null,
        project: project.number,
        problem: `Le dossier du projet n’a pas pu être ouvert : ${[error.message, ...fields].join(' ')}`,
        action: 'Projet non importé : corrigez sa ligne, puis importez le fichier à nouveau.',
      });
    }
    return openNext();
  };
  await Promise.all(Array.from({ length: OPENING_CONCURRENCY }, openNext));
  opened.sort((a, b) => a - b);

  const ordered = inFileOrder(issues);
  const recorded = await record(ctx.prisma, options, {
    sha256,
    projects: parsed.projects.length,
    opened,
    issues: ordered,
  });
  return {
    id: recorded?.id ?? null,
    fileName: options.fileName,
    sha256,
    importedAt: recorded?.importedAt ?? new Date(),
    projects: parsed.projects,
    issues: ordered,
    opened,
    existing: existing.map((p) => p.number),
    totals: portfolioTotals(parsed.projects),
    shiftMonths: options.shiftMonths ?? 0,
  };
}

/** The plan's values the file gives that the case does not hold, in words. */
function planDifferences(project: PortfolioProject, context: Record<string, unknown>): string[] {
  const wanted = projectCaseInput(project, []);
  return (Object.keys(PLAN_FIELDS) as (keyof typeof PLAN_FIELDS)[]).flatMap((field) => {
    const [inFile, inCase] = [wanted[field] ?? null, context[field] ?? null];
    if (JSON.stringify(inFile) === JSON.stringify(inCase)) return [];
    return [
      `${PLAN_FIELDS[field]} ${describePlanValue(field, inFile)} dans le fichier, ` +
        `${describePlanValue(field, inCase)} dans le dossier`,
    ];
  });
}

/**
 * Records the import, unless it opened nothing and the organisation's last import was of this very
 * file: the start-up's demo data, loaded again at each start, leaves no trail of imports that did nothing.
 */
async function record(
  prisma: PrismaClient,
  options: ImportPortfolioOptions,
  result: { sha256: string; projects: number; opened: number[]; issues: ImportIssue[] },
): Promise<{ id: string; importedAt: Date } | null> {
  const last = await prisma.portfolioImport.findFirst({
    where: { organisationId: options.organisationId },
    orderBy: { importedAt: 'desc' },
    select: { id: true, sha256: true, importedAt: true },
  });
  if (result.opened.length === 0 && last?.sha256 === result.sha256) return last;
  return prisma.portfolioImport.create({
    data: {
      organisationId: options.organisationId,
      fileName: options.fileName,
      sha256: result.sha256,
      importedBy: options.actor.id,
      projects: result.projects,
      opened: result.opened,
      issues: result.issues as unknown as object,
      shiftMonths: options.shiftMonths ?? 0,
    },
    select: { id: true, importedAt: true },
  });
}

const byKey = (a: { businessKey: string }, b: { businessKey: string }) => a.businessKey.localeCompare(b.businessKey);
