import type { PrismaClient } from '../prisma/client.ts';
import type { ProcessDefinition } from '../processes/model.ts';
import { type Role, SYSTEM_ACTOR } from '../processes/roles.ts';

/**
 * What messages and documents say about a case, as it stood at one revision: read from the audit
 * entry of that revision rather than from the live projection, so that a retried effect renders the
 * same words even if the case has moved on since.
 */
export interface CaseFacts {
  caseId: string;
  businessKey: string;
  processTitle: string;
  organisationId: string | null;
  /** The organisation's name when it is registered. */
  organisationName: string | null;
  revision: number;
  /** When the transition happened. */
  at: Date;
  state: string;
  stateLabel: string;
  terminal: boolean;
  /** The event that led to this revision, and its label. */
  event: string;
  eventLabel: string;
  /** The case's data (current projection: forms only ever add to it). */
  context: Record<string, unknown>;
  /** The step's due date, when the case is still in the step this revision entered. */
  dueAt: Date | null;
  definition: ProcessDefinition;
}

export async function loadCaseFacts(prisma: PrismaClient, caseId: string, revision: number): Promise<CaseFacts> {
  const [row, audit] = await Promise.all([
    prisma.case.findUnique({ where: { id: caseId }, include: { definition: true } }),
    prisma.auditEntry.findUnique({ where: { caseId_revision: { caseId, revision } } }),
  ]);
  if (!row || !audit) throw new Error(`Dossier « ${caseId} » ou sa révision ${revision} introuvable dans la base.`);
  const definition = row.definition.definition as unknown as ProcessDefinition;
  const organisation = row.organisationId
    ? await prisma.organisation.findUnique({ where: { id: row.organisationId }, select: { name: true } })
    : null;
  const sameStint = row.state === audit.toState && row.enteredAt.getTime() <= audit.at.getTime();
  const state = definition.states[audit.toState];
  return {
    caseId,
    businessKey: row.businessKey,
    processTitle: definition.title,
    organisationId: row.organisationId,
    organisationName: organisation?.name ?? null,
    revision,
    at: audit.at,
    state: audit.toState,
    stateLabel: state?.label ?? audit.toState,
    terminal: state?.terminal === true,
    event: audit.event,
    eventLabel:
      audit.event === 'dossier.ouvrir'
        ? 'Ouverture du dossier'
        : (definition.events[audit.event]?.label ?? audit.event),
    context: row.context as Record<string, unknown>,
    dueAt: sameStint ? row.dueAt : null,
    definition,
  };
}

/** The labels of what `roles` may do in the state of `facts` (timer events excluded). */
export function actionsFor(facts: CaseFacts, roles: readonly Role[]): string[] {
  const on = facts.definition.states[facts.state]?.on ?? {};
  return Object.keys(on)
    .map((id) => ({ id, event: facts.definition.events[id] }))
    .filter(({ event }) => event?.roles.some((r) => r !== SYSTEM_ACTOR.role && roles.includes(r)))
    .map(({ id, event }) => event?.label ?? id);
}

/** The roles that may act in the state of `facts`: the party whose move it is. */
export function actingRoles(facts: CaseFacts): Role[] {
  const on = facts.definition.states[facts.state]?.on ?? {};
  const roles = new Set<Role>();
  for (const id of Object.keys(on))
    for (const role of facts.definition.events[id]?.roles ?? []) if (role !== SYSTEM_ACTOR.role) roles.add(role);
  return [...roles];
}

/** The label of the state a deadline of this step leads to when it passes (e.g. « Classé sans suite »). */
export function deadlineOutcome(facts: CaseFacts): string | null {
  const state = facts.definition.states[facts.state];
  const timer = state?.timers?.[0];
  const transition = timer ? state?.on?.[timer.event] : undefined;
  const target = Array.isArray(transition) ? transition[0]?.target : transition?.target;
  return target ? (facts.definition.states[target]?.label ?? target) : null;
}
