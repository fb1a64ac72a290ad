import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { WorkflowBundleOption } from '@temporalio/worker';
import { recordTransition } from '../../activities/record-transition.ts';
import type { PrismaClient } from '../../prisma/client.ts';
import type { TransitionRecord } from '../../workflows/types.ts';
import { type CaseRun, replayTransitions } from './replay-transitions.ts';

export interface RebuildReport {
  /** Cases and runs found in Temporal. */
  cases: number;
  runs: number;
  /** Case rows that were missing (recreated). */
  missingCases: string[];
  /** Case rows at the case's revision whose content differed (rewritten), with the columns at fault. */
  differingCases: { caseId: string; fields: string[] }[];
  /** Case rows behind the case's revision (brought forward). */
  behindCases: { caseId: string; stored: number; revision: number }[];
  /** Case rows ahead of what Temporal's history shows: left alone (the case may have moved meanwhile). */
  aheadCases: { caseId: string; stored: number; revision: number }[];
  missingAudit: { caseId: string; revisions: number[] }[];
  differingAudit: { caseId: string; revisions: number[] }[];
  /** Audit entries Temporal's history does not show: left alone, reported. */
  unknownAudit: { caseId: string; revisions: number[] }[];
  /** Cases that could not be replayed or written: nothing changed for them. */
  failures: { caseId: string; message: string }[];
  /** False for a check only (`--verifier`): what differs is reported, nothing is written. */
  repaired: boolean;
}

export interface RebuildOptions {
  client: Client;
  prisma: PrismaClient;
  /** The case workflows bundled with the capture interceptor (bundleReplayWorkflows). */
  workflowBundle: WorkflowBundleOption;
  /** One case only; all of them otherwise. */
  caseId?: string;
  /** Only report, write nothing. */
  checkOnly?: boolean;
  /** The product's data converter (`siamoDataConverter(keys)`), the client's and the workers': it decrypts the histories. */
  dataConverter: DataConverter;
  /** Cases replayed together (memory against replay-worker start-ups). */
  batchSize?: number;
}

const quote = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/**
 * Rebuilds the projection (`Case`) and the audit trail (`AuditEntry`) of every case, or of one, from
 * Temporal: each run's history is replayed and the transitions the workflow code writes are compared
 * with the database, then written with the same idempotent statement as the workflow's own
 * (activities/record-transition.ts). Rows ahead of the history are reported and left alone.
 */
export async function rebuildProjections(options: RebuildOptions): Promise<RebuildReport> {
  const { client, prisma } = options;
  const report: RebuildReport = {
    cases: 0,
    runs: 0,
    missingCases: [],
    differingCases: [],
    behindCases: [],
    aheadCases: [],
    missingAudit: [],
    differingAudit: [],
    unknownAudit: [],
    failures: [],
    repaired: !options.checkOnly,
  };
  const query = [
    `WorkflowType = 'caseWorkflow'`,
    ...(options.caseId ? [`WorkflowId = ${quote(options.caseId)}`] : []),
  ].join(' AND ');
  const runsByCase = new Map<string, CaseRun[]>();
  for await (const execution of client.workflow.list({ query })) {
    const runs = runsByCase.get(execution.workflowId) ?? [];
    runs.push({ workflowId: execution.workflowId, runId: execution.runId });
    runsByCase.set(execution.workflowId, runs);
    report.runs++;
  }
  report.cases = runsByCase.size;
  const caseIds = [...runsByCase.keys()].sort();
  const batchSize = options.batchSize ?? 100;
  for (let start = 0; start < caseIds.length; start += batchSize) {
    const batch = caseIds.slice(start, start + batchSize);
    const replayed = await replayTransitions(
      client,
      batch.flatMap((id) => runsByCase.get(id) ?? []),
      options,
    );
    for (const caseId of batch) {
      const replay = replayed.get(caseId);
      if (!replay || replay.failures.length > 0) {
        const message = replay?.failures.map((f) => `exécution ${f.runId} : ${f.message}`).join(' ; ') ?? 'non rejoué';
        report.failures.push({ caseId, message });
        continue;
      }
      if (replay.transitions.length === 0) continue;
      try {
        await reconcileCase(prisma, caseId, replay.transitions, report, !options.checkOnly);
      } catch (error) {
        report.failures.push({ caseId, message: (error as Error).message });
      }
    }
  }
  return report;
}

async function reconcileCase(
  prisma: PrismaClient,
  caseId: string,
  transitions: TransitionRecord[],
  report: RebuildReport,
  repair: boolean,
): Promise<void> {
  const last = transitions.at(-1) as TransitionRecord;
  const stored = await prisma.case.findUnique({ where: { id: caseId } });
  const audit = new Map(
    (await prisma.auditEntry.findMany({ where: { caseId } })).map((entry) => [entry.revision, entry]),
  );
  const missing: TransitionRecord[] = [];
  const differing: TransitionRecord[] = [];
  for (const t of transitions) {
    const entry = audit.get(t.revision);
    if (!entry) missing.push(t);
    else if (auditDiffers(entry, t)) differing.push(t);
    audit.delete(t.revision);
  }
  const unknown = [...audit.keys()].sort((a, b) => a - b);
  if (missing.length) report.missingAudit.push({ caseId, revisions: missing.map((t) => t.revision) });
  if (differing.length) report.differingAudit.push({ caseId, revisions: differing.map((t) => t.revision) });
  if (unknown.length) report.unknownAudit.push({ caseId, revisions: unknown });

  let rewriteCase = false;
  if (!stored) report.missingCases.push(caseId);
  else if (stored.revision < last.revision)
    report.behindCases.push({ caseId, stored: stored.revision, revision: last.revision });
  else if (stored.revision > last.revision)
    report.aheadCases.push({ caseId, stored: stored.revision, revision: last.revision });
  else {
    const fields = caseDiffers(stored, last);
    if (fields.length) {
      report.differingCases.push({ caseId, fields });
      rewriteCase = true;
    }
  }
  if (!repair) return;

  // Missing entries and a missing or older row: the workflow's own statement, which only adds.
  for (const t of missing) await recordTransition(prisma, t);
  if (!stored || stored.revision < last.revision) await recordTransition(prisma, last);
  for (const t of differing) {
    await prisma.auditEntry.update({
      where: { caseId_revision: { caseId, revision: t.revision } },
      data: auditRow(t),
    });
  }
  // Same revision, other content: rewritten only while the row is still at that revision.
  if (rewriteCase) {
    await prisma.case.updateMany({
      where: { id: caseId, revision: last.revision },
      data: {
        processVersion: last.version,
        state: last.to,
        terminal: last.terminal,
        context: json(last.context),
        enteredAt: new Date(last.enteredAt),
        dueAt: last.dueAt === null ? null : new Date(last.dueAt),
        updatedAt: new Date(last.at),
      },
    });
  }
}

type StoredCase = NonNullable<Awaited<ReturnType<PrismaClient['case']['findUnique']>>>;
type StoredAudit = Awaited<ReturnType<PrismaClient['auditEntry']['findMany']>>[number];

const auditRow = (t: TransitionRecord) => ({
  at: new Date(t.at),
  actorId: t.actor.id,
  actorRole: t.actor.role,
  event: t.event,
  fromState: t.from,
  toState: t.to,
  input: json(t.input),
  definitionVersion: t.version,
});

// Times are not compared: an update runs in a speculative workflow task, which the history keeps with
// the moment it was written, not the moment the worker saw (the replayed clock may be later by the
// length of that task). Rebuilt rows take the history's times.
function auditDiffers(entry: StoredAudit, t: TransitionRecord): boolean {
  const expected = auditRow(t);
  return (
    entry.actorId !== expected.actorId ||
    entry.actorRole !== expected.actorRole ||
    entry.event !== expected.event ||
    entry.fromState !== expected.fromState ||
    entry.toState !== expected.toState ||
    entry.definitionVersion !== expected.definitionVersion ||
    canonical(entry.input) !== canonical(expected.input)
  );
}

/** The columns of the projection the workflow writes, compared with its last transition (times aside). */
function caseDiffers(stored: StoredCase, t: TransitionRecord): string[] {
  const fields: string[] = [];
  if (stored.state !== t.to) fields.push('state');
  if (stored.processVersion !== t.version) fields.push('processVersion');
  if (stored.terminal !== t.terminal) fields.push('terminal');
  if (canonical(stored.context) !== canonical(json(t.context))) fields.push('context');
  // The step's entry and due dates follow from the clock: not compared (see auditDiffers).
  return fields;
}

/** As the database keeps it: JSON, without undefined. */
// biome-ignore lint/suspicious/noExplicitAny: a JSON value for Prisma's Json columns
const json = (value: unknown): any => JSON.parse(JSON.stringify(value ?? {}));

/** JSON with sorted keys: jsonb does not keep the order of keys. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** The report in French, for the command line. */
export function formatRebuildReport(report: RebuildReport): string {
  const lines = [`Dossiers trouvés dans Temporal : ${report.cases} (${report.runs} exécution(s)).`];
  const done = report.repaired ? '' : ' (vérification seule : rien n’est écrit)';
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return;
    lines.push(`${title} : ${items.length}${done}`);
    for (const item of items) lines.push(`  - ${item}`);
  };
  const revisions = (r: number[]) => `révision(s) ${r.join(', ')}`;
  section(
    report.repaired ? 'Dossiers absents de la base, recréés' : 'Dossiers absents de la base',
    report.missingCases,
  );
  section(
    report.repaired ? 'Dossiers en retard sur Temporal, mis à jour' : 'Dossiers en retard sur Temporal',
    report.behindCases.map((c) => `${c.caseId} : révision ${c.stored} en base, ${c.revision} dans Temporal`),
  );
  section(
    report.repaired ? 'Dossiers différents de Temporal, corrigés' : 'Dossiers différents de Temporal',
    report.differingCases.map((c) => `${c.caseId} : ${c.fields.join(', ')}`),
  );
  section(
    report.repaired ? 'Entrées d’historique absentes, recréées' : 'Entrées d’historique absentes',
    report.missingAudit.map((a) => `${a.caseId} : ${revisions(a.revisions)}`),
  );
  section(
    report.repaired ? 'Entrées d’historique différentes, corrigées' : 'Entrées d’historique différentes',
    report.differingAudit.map((a) => `${a.caseId} : ${revisions(a.revisions)}`),
  );
  section(
    'Dossiers en avance sur l’historique Temporal, laissés tels quels (relancez pour vérifier)',
    report.aheadCases.map((c) => `${c.caseId} : révision ${c.stored} en base, ${c.revision} dans Temporal`),
  );
  section(
    'Entrées d’historique inconnues de Temporal, laissées telles quelles',
    report.unknownAudit.map((a) => `${a.caseId} : ${revisions(a.revisions)}`),
  );
  section(
    'Dossiers non traités',
    report.failures.map((f) => `${f.caseId} : ${f.message}`),
  );
  if (lines.length === 1) lines.push('Aucune différence : la base correspond à Temporal.');
  return lines.join('\n');
}
