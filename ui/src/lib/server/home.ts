import { dakarDay } from '../../../../processes/calendar.ts';
import { ERROR_FIELDS, graphql } from './api.ts';
import { loadCases } from './cases.ts';
import type { Me } from './viewer.ts';

// What the home page shows beside the inbox, for those whom no step of a process waits for or who
// follow rather than act: the files entrusted to them, what their organisation has under way, the
// referential changes their computations will follow, the IPMs an employer may join, the platform's
// health for its administrator. Each read goes through the API with the person's own session.

/** Those who compute with the referentials (care, tariffs, norms): told of a new version before it applies. */
const REFERENTIAL_USERS = ['gerant_ipm', 'agent_ipm', 'agent_ps'];
/** How long after its first day a version still shows as news. */
const RECENT_DAYS = 31;

export interface ReferentialChange {
  code: string;
  title: string;
  owner: string;
  version: { id: string; number: number; title: string; validFrom: string };
  upcoming: boolean;
}

interface ReferentialRow {
  code: string;
  title: string;
  owner: string;
  current: ReferentialChange['version'] | null;
  scheduled: ReferentialChange['version'] | null;
}

export async function loadReferentialChanges(session: string | undefined, me: Me): Promise<ReferentialChange[]> {
  if (!me.roles.some((role) => REFERENTIAL_USERS.includes(role))) return [];
  const VERSION = 'id number title validFrom';
  const { data } = await graphql<{ referentials: { data?: ReferentialRow[] } }>(
    session,
    `query { referentials { ... on ReferentialsSuccess { data { code title owner
      current { ${VERSION} } scheduled { ${VERSION} } } } ${ERROR_FIELDS} } }`,
  );
  const today = dakarDay(new Date());
  const since = dakarDay(new Date(Date.now() - RECENT_DAYS * 86_400_000));
  return (data.referentials.data ?? []).flatMap((r) => {
    const base = { code: r.code, title: r.title, owner: r.owner };
    const changes: ReferentialChange[] = [];
    if (r.scheduled?.validFrom) changes.push({ ...base, version: r.scheduled, upcoming: true });
    if (r.current?.validFrom && r.current.validFrom >= since && r.current.validFrom <= today)
      changes.push({ ...base, version: r.current, upcoming: false });
    return changes;
  });
}

export interface LicensedIpm {
  numero: string;
  denomination: string;
  sigle: string | null;
  adresseSiege: string | null;
}

/** For an employer: the IPMs in force its workforce may be affiliated to (the public register). */
export async function loadLicensedIpms(session: string | undefined, me: Me): Promise<LicensedIpm[]> {
  if (!me.roles.includes('employeur')) return [];
  const { data } = await graphql<{ register: LicensedIpm[] }>(
    session,
    'query { register(status: en_vigueur) { numero denomination sigle adresseSiege } }',
  );
  return data.register;
}

export interface SupervisionSummary {
  health: { name: string; ok: boolean; detail: string }[];
  running: number;
  stuck: number | null;
  failedEffects: number;
  mail: { waiting: number; failed: number };
  lastBackup: { at: string } | null;
  signIns: { failures: number; locks: number };
}

type Health = { ok: boolean; detail: string };

export async function loadSupervisionSummary(
  session: string | undefined,
  operations: readonly string[],
): Promise<SupervisionSummary | null> {
  if (!operations.includes('supervision')) return null;
  const { data } = await graphql<{
    supervision: {
      data?: {
        health: { temporal: Health; database: Health; mail: Health };
        running: { count: number }[];
        stuck: unknown[] | null;
        failedEffects: { total: number };
        mail: { waiting: number; failed: number };
        lastBackup: { at: string } | null;
        signIns: { failures: number; locks: number };
      };
    };
  }>(
    session,
    `query { supervision { ... on SupervisionSuccess { data {
      health { temporal { ok detail } database { ok detail } mail { ok detail } }
      running { count } stuck { caseId } failedEffects { total } mail { waiting failed }
      lastBackup { at } signIns { failures locks }
    } } ${ERROR_FIELDS} } }`,
  );
  const s = data.supervision.data;
  if (!s) return null;
  return {
    health: [
      { name: 'Temporal', ...s.health.temporal },
      { name: 'Base de données', ...s.health.database },
      { name: 'Courriel', ...s.health.mail },
    ],
    running: s.running.reduce((sum, r) => sum + r.count, 0),
    stuck: s.stuck?.length ?? null,
    failedEffects: s.failedEffects.total,
    mail: s.mail,
    lastBackup: s.lastBackup,
    signIns: s.signIns,
  };
}

/** The open files entrusted to the person by their manager. */
export const loadAssigned = (session: string | undefined, me: Me) =>
  loadCases(session, { assigneeId: me.id, terminal: false }, 10);

/** What the person's organisation has under way (all they may see, for the national roles). */
export const loadUnderWay = (session: string | undefined) => loadCases(session, { terminal: false }, 5);
