import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Prisma } from '../../prisma/client.ts';
import type { Role } from '../../processes/roles.ts';
import {
  type BatchProgress,
  type BatchState,
  type BatchWorkflowInput,
  batchProgressQuery,
  cancelBatchUpdate,
} from '../../workflows/batch-messages.ts';
import type { CaseServiceContext } from '../context.ts';
import { SiamoError } from '../errors.ts';
import { batchJobKind } from './kinds.ts';

// Starting, following and cancelling batches. The Batch row is the projection the portal lists;
// a running batch's figures come from its workflow (the progress query), a finished one's from the row.

export interface BatchView extends BatchProgress {
  id: string;
  kind: string;
  label: string;
  params: Record<string, unknown>;
  startedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
}

/** Chunks started in one workflow run before it continues as new (a few thousand history events). */
export const CHUNKS_PER_RUN = 400;

export async function startBatch(
  ctx: CaseServiceContext,
  request: { kind: string; params: unknown; startedBy: string; window?: number; chunksPerRun?: number },
): Promise<BatchView> {
  const kind = batchJobKind(request.kind);
  if (!kind) throw new SiamoError('introuvable', `Type de lot inconnu « ${request.kind} ».`);
  const parsed = kind.params.safeParse(request.params ?? {});
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[issue.path.join('.') || '_'] ??= issue.message;
    const count = Object.keys(fieldErrors).length;
    throw new SiamoError(
      'saisie_invalide',
      `Paramètres du lot invalides : ${count} champ${count > 1 ? 's' : ''} à corriger, puis relancez.`,
      fieldErrors,
    );
  }
  const id = `lot-${randomUUID()}`;
  await ctx.prisma.batch.create({
    data: {
      id,
      kind: kind.name,
      params: parsed.data as Prisma.InputJsonObject,
      state: 'en_preparation',
      startedBy: request.startedBy,
    },
  });
  const input: BatchWorkflowInput = {
    batchId: id,
    kind: kind.name,
    params: parsed.data,
    window: request.window ?? kind.window ?? 4,
    chunksPerRun: request.chunksPerRun ?? CHUNKS_PER_RUN,
  };
  await ctx.temporal.workflow.start('batchWorkflow', { workflowId: id, taskQueue: ctx.taskQueue, args: [input] });
  const view = await getBatch(ctx, id);
  if (!view) throw new SiamoError('introuvable', `Lot ${id} introuvable juste après son lancement.`);
  return view;
}

/** A batch with its live progress while it runs; undefined when there is no such batch. */
export async function getBatch(ctx: CaseServiceContext, id: string): Promise<BatchView | undefined> {
  const row = await ctx.prisma.batch.findUnique({ where: { id } });
  if (!row) return undefined;
  const kind = batchJobKind(row.kind);
  let progress: BatchProgress | undefined;
  if (row.finishedAt === null) {
    try {
      progress = await ctx.temporal.workflow.getHandle(id).query(batchProgressQuery);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
  const rowProgress: BatchProgress = {
    state: row.state as BatchState,
    total: row.total,
    done: row.done,
    failed: row.failed,
    remaining: Math.max(0, row.total - row.done - row.failed),
    chunkCount: row.chunkCount,
    chunksDone: row.chunksDone,
    chunksFailed: 0,
    inFlight: 0,
    ratePerSecond: rowRate(row.done + row.failed, row.startedAt, row.finishedAt),
    cancelRequested: row.state === 'annule',
  };
  return {
    ...(progress ?? rowProgress),
    id: row.id,
    kind: row.kind,
    label: kind?.label ?? row.kind,
    params: row.params as Record<string, unknown>,
    startedBy: row.startedBy,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

const rowRate = (records: number, startedAt: Date, finishedAt: Date | null) =>
  Math.round(records / Math.max(0.001, ((finishedAt ?? new Date()).getTime() - startedAt.getTime()) / 1000));

/** The latest batches, newest first, with their figures as the Batch table has them. */
export async function listBatches(
  ctx: CaseServiceContext,
  options: { kinds?: readonly string[]; first?: number } = {},
) {
  const rows = await ctx.prisma.batch.findMany({
    where: options.kinds ? { kind: { in: [...options.kinds] } } : {},
    orderBy: { startedAt: 'desc' },
    take: Math.min(options.first ?? 50, 200),
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    label: batchJobKind(row.kind)?.label ?? row.kind,
    state: row.state as BatchState,
    total: row.total,
    done: row.done,
    failed: row.failed,
    remaining: Math.max(0, row.total - row.done - row.failed),
    startedBy: row.startedBy,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  }));
}

/** Stops scheduling the batch's chunks; those in flight finish. Answers the progress at that moment. */
export async function cancelBatch(ctx: CaseServiceContext, id: string): Promise<BatchView> {
  const row = await ctx.prisma.batch.findUnique({ where: { id } });
  if (!row) throw new SiamoError('introuvable', `Le lot « ${id} » est introuvable.`);
  if (row.finishedAt !== null) {
    throw new SiamoError('non_autorise', `Le lot ${id} est déjà terminé (${row.state}) : il n’y a rien à annuler.`);
  }
  await ctx.temporal.workflow.getHandle(id).executeUpdate(cancelBatchUpdate);
  const view = await getBatch(ctx, id);
  if (!view) throw new SiamoError('introuvable', `Le lot « ${id} » est introuvable.`);
  return view;
}

/** Whether a role may start, follow and cancel batches of that kind. */
export function mayRunBatchKind(roles: readonly Role[], kindName: string): boolean {
  if (roles.includes('administrateur')) return true;
  const kind = batchJobKind(kindName);
  return kind?.roles.some((role) => roles.includes(role)) ?? false;
}
