import { checkMigration, mappingProblems, type StateMapping } from '../processes/migration.ts';
import { DEFINITIONS } from '../processes/registry.ts';
import { migrateUpdate } from '../workflows/messages.ts';
import type { Actor } from '../workflows/types.ts';
import { caseParameters } from './case-parameters.ts';
import type { CaseServiceContext } from './context.ts';
import { deployedDefinition } from './definition-engines.ts';
import { SiamoError } from './errors.ts';
import { toSiamoError } from './temporal-errors.ts';

export interface MigrateCasesOptions {
  processId: string;
  toVersion: number;
  caseIds: string[];
  /** Old state id → new state id. */
  mapping: StateMapping;
  actor: Actor;
  /** Only check: nothing is moved. */
  dryRun?: boolean;
}

export interface CaseMigration {
  caseId: string;
  /** Moved (or, in a dry run, movable). */
  ok: boolean;
  /** The state before, and the state after (or that it would be in). */
  from: string | null;
  to: string | null;
  problems: string[];
}

export interface MigrationReport {
  /** False when the check found a problem: then no case was moved. */
  checked: boolean;
  moved: number;
  cases: CaseMigration[];
}

export const MAX_CASES_PER_MIGRATION = 100;

/**
 * Moves chosen running cases of a process to another version, with a mapping of states. Every case
 * is checked first (the mapping's states exist, the case is running and in a mapped state, no timer
 * pending in its state would be lost); if any check fails, none is moved and the report says why,
 * case by case. Then each case's workflow moves itself, checking again against its live state: a
 * case that moved on in between is refused alone. A retried migration of the same cases to the same
 * version lands once (the update id names case and version).
 */
export async function migrateCases(ctx: CaseServiceContext, options: MigrateCasesOptions): Promise<MigrationReport> {
  const target = DEFINITIONS.find((d) => d.id === options.processId && d.version === options.toVersion);
  if (!target) {
    throw new SiamoError(
      'introuvable',
      `La version ${options.toVersion} du processus « ${options.processId} » n’est pas déployée.`,
    );
  }
  const caseIds = [...new Set(options.caseIds)];
  if (caseIds.length === 0 || caseIds.length > MAX_CASES_PER_MIGRATION) {
    throw new SiamoError(
      'saisie_invalide',
      `Choisissez de 1 à ${MAX_CASES_PER_MIGRATION} dossiers à faire changer de version.`,
      { caseIds: `De 1 à ${MAX_CASES_PER_MIGRATION} dossiers.` },
    );
  }
  const rows = await ctx.prisma.case.findMany({
    where: { id: { in: caseIds } },
    include: { definition: true },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const planned: CaseMigration[] = caseIds.map((caseId) => {
    const row = byId.get(caseId);
    if (!row || row.processId !== options.processId) {
      return { caseId, ok: false, from: null, to: null, problems: ['Dossier introuvable pour ce processus.'] };
    }
    const source = deployedDefinition(row.definition);
    const check = row.terminal
      ? { ok: false as const, problems: [...mappingProblems(source, target, options.mapping), 'Le dossier est clos.'] }
      : checkMigration(source, target, options.mapping, row.state);
    return check.ok
      ? { caseId, ok: true, from: row.state, to: check.plan.target, problems: [] }
      : { caseId, ok: false, from: row.state, to: options.mapping[row.state] ?? null, problems: check.problems };
  });
  if (planned.some((c) => !c.ok) || options.dryRun) {
    return { checked: planned.every((c) => c.ok), moved: 0, cases: planned };
  }

  const parameters = caseParameters(target, ctx);
  const cases: CaseMigration[] = [];
  for (const plan of planned) {
    try {
      await ctx.temporal.workflow
        .getHandle(plan.caseId)
        .executeUpdate(migrateUpdate, {
          args: [{ definition: target, parameters, mapping: options.mapping, actor: options.actor }],
          updateId: `migration:${plan.caseId}:v${target.version}`,
        })
        .catch((error: unknown) => toSiamoError(error, plan.caseId));
      cases.push(plan);
    } catch (error) {
      if (!(error instanceof SiamoError)) throw error;
      cases.push({ ...plan, ok: false, problems: [error.message] });
    }
  }
  return { checked: true, moved: cases.filter((c) => c.ok).length, cases };
}
