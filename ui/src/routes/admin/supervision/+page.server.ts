import { error } from '@sveltejs/kit';
import { ERROR_FIELDS, graphql } from '$lib/server/api.ts';
import type { PageServerLoad } from './$types';

type Health = { ok: boolean; detail: string };

export interface SupervisionData {
  at: string;
  health: { temporal: Health; database: Health; mail: Health };
  databaseBytes: number | null;
  running: { processId: string; version: number; state: string; stateLabel: string; count: number }[];
  stuck: { caseId: string; anomaly: string; runStartedAt: string; reason: string }[] | null;
  retrying: {
    running: number;
    examined: number;
    activities: { caseId: string; activity: string; attempt: number; lastFailure: string | null }[];
  } | null;
  failedEffects: {
    total: number;
    recent: {
      caseId: string;
      revision: number;
      effect: string;
      failureType: string;
      attempts: number;
      failedAt: string;
    }[];
  };
  mail: {
    waiting: number;
    sending: number;
    failed: number;
    oldestWaitingAt: string | null;
    recentFailures: { id: string; createdAt: string; attempts: number; caseIds: string[]; error: string | null }[];
  };
  lastBackup: { at: string; archive: string; bytes: number } | null;
  lastBackupAgeSeconds: number | null;
  signIns: {
    since: string;
    failures: number;
    locks: number;
    recent: { at: string; account: string; outcome: string; ip: string | null }[];
    lockedAccounts: { account: string; until: string }[];
  };
}

const QUERY = `query { supervision { ... on SupervisionSuccess { data {
  at
  health { temporal { ok detail } database { ok detail } mail { ok detail } }
  databaseBytes
  running { processId version state stateLabel count }
  stuck { caseId anomaly runStartedAt reason }
  retrying { running examined activities { caseId activity attempt lastFailure } }
  failedEffects { total recent { caseId revision effect failureType attempts failedAt } }
  mail { waiting sending failed oldestWaitingAt recentFailures { id createdAt attempts caseIds error } }
  lastBackup { at archive bytes } lastBackupAgeSeconds
  signIns { since failures locks recent { at account outcome ip } lockedAccounts { account until } }
} } ${ERROR_FIELDS} } }`;

export const load: PageServerLoad = async ({ locals }) => {
  const { data } = await graphql<{ supervision: { data?: SupervisionData; message?: string } }>(locals.session, QUERY);
  if (!data.supervision.data) error(403, data.supervision.message ?? 'Réservé aux administrateurs.');
  return { supervision: data.supervision.data };
};
