import type { z } from 'zod';
import type { Prisma, PrismaClient } from '../../prisma/client.ts';
import type { Role } from '../../processes/roles.ts';
import type { BatchEnd } from '../../workflows/batch-messages.ts';
import type { CaseServiceContext } from '../context.ts';

/** The database handle a chunk's work runs in: the transaction that also records the chunk done. */
export type ChunkTransaction = Prisma.TransactionClient;

/**
 * A kind of batch job a domain registers (services/batches/kinds.ts): how to cut its work into
 * chunks and what one chunk does. A chunk works set-based (one or a few statements over hundreds to
 * thousands of records), never record by record.
 */
export interface BatchJobKind<Params extends Record<string, unknown> = Record<string, unknown>> {
  name: string;
  /** French, for the portal. */
  label: string;
  /** Checked before the batch starts. Ids and figures only: they travel in Temporal payloads. */
  params: z.ZodType<Params>;
  /** Who may start it, follow it and cancel it besides the administrator. */
  roles: readonly Role[];
  /**
   * The organisation a batch of this kind belongs to, read from its parameters: its roles see and
   * cancel only their organisation's batches (the administrator sees all). Unset: no organisation.
   */
  organisationOf?(params: Record<string, unknown>): string | null;
  /** How many chunks run at once (default 4). */
  window?: number;
  /**
   * Counts the work and cuts it into chunks (an activity: it may prepare the records, idempotently,
   * since it can run again).
   */
  plan(db: Prisma.TransactionClient, batchId: string, params: Params): Promise<{ total: number; chunkCount: number }>;
  /**
   * Does chunk `chunkIndex` (0-based) in the transaction that records it done. `heartbeat` tells
   * Temporal the chunk is alive: call it between statements of a long chunk.
   */
  runChunk(
    tx: ChunkTransaction,
    batchId: string,
    params: Params,
    chunkIndex: number,
    heartbeat: () => void,
  ): Promise<{ processed: number; failed: number }>;
  /**
   * What the kind does once the batch has ended — every chunk applied, or the batch cancelled or failed —
   * before the batch is recorded as ended (an activity: it may run again, so it must be idempotent).
   * `cases` opens or moves cases, where the worker has them.
   */
  finish?(
    prisma: PrismaClient,
    batchId: string,
    params: Params,
    state: BatchEnd['state'],
    services: BatchServices,
  ): Promise<void>;
}

/** What the worker hands to a kind's `finish`. */
export interface BatchServices {
  cases?: CaseServiceContext;
}

/** Keeps the parameters' type between a kind's schema and its functions. */
export const defineBatchJobKind = <Params extends Record<string, unknown>>(kind: BatchJobKind<Params>) =>
  kind as unknown as BatchJobKind;
