import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../prisma/client.ts';
import { latestDefinition } from '../../processes/registry.ts';
import type { Role } from '../../processes/roles.ts';
import { actingRole } from '../case-access.ts';
import type { CaseServiceContext } from '../context.ts';
import { engineFor } from '../definition-engines.ts';
import { SiamoError } from '../errors.ts';
import { sendEvent } from '../send-event.ts';
import { isInputObject } from '../send-event-as.ts';
import { startCase } from '../start-case.ts';
import type { Viewer } from '../viewer.ts';

// The way into the `adhesion` process. Its case belongs to the employer's organisation, so the
// employer follows it like any of its cases (the case page, its documents, its events); the IPM it
// adheres to is another organisation, which the engine's organisation rule would not let see it: the
// IPM's people read and decide it here, where the case's `Employer` row names their IPM. What needs
// the database is checked here, with French messages, before the case moves: the IPM exists, and an
// IPM d'entreprise has exactly one employer (the migration's trigger is the backstop).

export const ADHESION_PROCESS = 'adhesion';
const IPM_ROLES: readonly Role[] = ['agent_ipm', 'gerant_ipm'];
/** Statuses of an employer that no longer holds its place in the IPM. */
const GONE = ['resiliee', 'refusee'];

/** The type of an IPM (`entreprise`, `interentreprises`) as its latest licence says; null without one. */
export async function ipmType(prisma: PrismaClient, ipmId: string): Promise<string | null> {
  const licence = await prisma.case.findFirst({
    where: { processId: 'licence', organisationId: ipmId },
    orderBy: { createdAt: 'desc' },
    select: { context: true },
  });
  const type = (licence?.context as Record<string, unknown> | undefined)?.typeIpm;
  return typeof type === 'string' ? type : null;
}

/** Refuses, in French, an adhesion an IPM d'entreprise cannot take: it already has its employer. */
async function expectRoomFor(prisma: PrismaClient, ipmId: string, ipmName: string, caseId?: string) {
  if ((await ipmType(prisma, ipmId)) !== 'entreprise') return;
  const other = await prisma.employer.findFirst({
    where: { ipmId, status: { notIn: GONE }, ...(caseId ? { NOT: { caseId } } : {}) },
    select: { id: true },
  });
  if (other)
    throw new SiamoError(
      'condition_non_remplie',
      `« ${ipmName} » est une IPM d’entreprise : elle couvre exactement un employeur, qu’elle a déjà. ` +
        'Adressez votre demande à une IPM interentreprises.',
    );
}

/** A random key in capitals and digits, never nine digits in a row: keys are shown to operators, not like a NIN. */
const randomKey = () => randomUUID().slice(0, 13).toUpperCase();

export interface AdhesionRequest {
  input: unknown;
  /** The form's request id: the same request sent twice opens one case. */
  requestId?: string | null;
}

/** The employer (its `employeur`) opens its adhesion case to an IPM, in draft, to attach its documents. */
export async function requestAdhesion(ctx: CaseServiceContext, viewer: Viewer, request: AdhesionRequest) {
  const input = request.input ?? {};
  if (!isInputObject(input))
    throw new SiamoError('saisie_invalide', 'La saisie doit être un objet de champs.', {
      input: 'Objet de champs attendu.',
    });
  const ipmId = typeof input.ipm === 'string' ? input.ipm.trim() : '';
  const ipm = ipmId
    ? await ctx.prisma.organisation.findUnique({ where: { id: ipmId }, select: { kind: true, name: true } })
    : null;
  if (!ipm || ipm.kind !== 'IPM')
    throw new SiamoError('saisie_invalide', 'L’IPM choisie n’existe pas : choisissez une IPM de la liste.', {
      ipm: 'Choisissez une IPM de la liste.',
    });
  if (viewer.organisationKind !== 'EMPLOYEUR' || !viewer.roles.includes('employeur'))
    throw new SiamoError('non_autorise', 'Seul un employeur demande l’adhésion de son entreprise à une IPM.');
  await expectRoomFor(ctx.prisma, ipmId, ipm.name);
  const cssIpres = typeof input.numeroCssIpres === 'string' ? input.numeroCssIpres.trim() : '';
  if (cssIpres) {
    const current = await ctx.prisma.employer.findFirst({
      where: { ipmId, cssIpres, status: { notIn: GONE } },
      select: { id: true },
    });
    if (current)
      throw new SiamoError(
        'condition_non_remplie',
        `Une adhésion à « ${ipm.name} » sous ce numéro CSS/IPRES est déjà en cours ou active : suivez-la plutôt que d’en ouvrir une autre.`,
        { numeroCssIpres: 'Adhésion déjà en cours ou active sous ce numéro.' },
      );
  }
  const key = request.requestId && /^[\w-]{1,60}$/.test(request.requestId) ? request.requestId : randomKey();
  return startCase(ctx, {
    processId: ADHESION_PROCESS,
    businessKey: `ADH-${key}`,
    organisationId: viewer.organisationId,
    actor: { id: viewer.userId, role: 'employeur' },
    input: { ...input, ipm: ipmId },
  });
}

/** The adhesion case a viewer may read: its employer's own, or one of the IPM it adheres to; else null. */
export async function visibleAdhesion(prisma: PrismaClient, viewer: Viewer, caseId: string) {
  const kase = await prisma.case.findUnique({ where: { id: caseId } });
  if (!kase || kase.processId !== ADHESION_PROCESS) return null;
  if (kase.organisationId === viewer.organisationId && viewer.roles.includes('employeur')) return kase;
  if (!viewer.roles.some((r) => IPM_ROLES.includes(r))) return null;
  const employer = await prisma.employer.findFirst({ where: { caseId }, select: { ipmId: true } });
  return employer?.ipmId === viewer.organisationId ? kase : null;
}

export interface AdhesionDecision {
  caseId: string;
  event: string;
  input?: unknown;
  expectedRevision?: number | null;
  requestId?: string | null;
}

/**
 * The IPM's people act on an adhesion to their IPM: the agent examines (complete, complements asked
 * with a reason, refusal with a reason), the gérant approves the contract with its start date or
 * refuses it, and either may change the contacts or terminate it with notice (as the definition
 * says, event by event). The workflow refuses what their role may not do in the case's state.
 */
export async function decideAdhesion(ctx: CaseServiceContext, viewer: Viewer, decision: AdhesionDecision) {
  const kase = await visibleAdhesion(ctx.prisma, viewer, decision.caseId);
  const employer = kase ? await ctx.prisma.employer.findFirst({ where: { caseId: kase.id } }) : null;
  if (!kase || !employer || employer.ipmId !== viewer.organisationId)
    throw new SiamoError('introuvable', 'Cette demande d’adhésion est introuvable dans votre IPM.');
  const engine = await engineFor(ctx.prisma, kase.processId, kase.processVersion);
  const roles = engine?.definition.events[decision.event]?.roles ?? [];
  const role =
    actingRole(
      viewer,
      roles.filter((r) => IPM_ROLES.includes(r)),
    ) ?? actingRole(viewer, IPM_ROLES);
  if (!role) throw new SiamoError('non_autorise', 'Seuls l’agent et le gérant de l’IPM décident d’une adhésion.');
  if (kase.terminal)
    throw new SiamoError(
      'non_autorise',
      `L’adhésion est close (« ${engine?.stateLabel(kase.state) ?? kase.state} ») : aucune action n’est plus possible.`,
    );
  const input = decision.input ?? {};
  if (!isInputObject(input))
    throw new SiamoError('saisie_invalide', 'La saisie doit être un objet de champs.', {
      input: 'Objet de champs attendu.',
    });
  if (decision.event === 'contrat.approuver') {
    const ipm = await ctx.prisma.organisation.findUniqueOrThrow({ where: { id: employer.ipmId } });
    await expectRoomFor(ctx.prisma, employer.ipmId, ipm.name, kase.id);
  }
  await sendEvent(ctx, {
    caseId: kase.id,
    event: decision.event,
    input,
    actor: { id: viewer.userId, role },
    expectedRevision: decision.expectedRevision ?? undefined,
    requestId: decision.requestId ?? undefined,
  });
  return kase.id;
}

export interface AdhesionView {
  caseId: string;
  state: string;
  stateLabel: string;
  revision: number;
  terminal: boolean;
  openedAt: Date;
  /** What the request says (the case's data): the employer's name, its number, the IPM chosen. */
  employerName: string;
  cssIpres: string;
  ipmId: string;
  ipmName: string | null;
  /** The employer's row once the request is submitted, else null. */
  employerId: string | null;
  status: string | null;
  statusReason: string | null;
  contractStart: string | null;
  terminatedOn: string | null;
}

const asText = (value: unknown) => (typeof value === 'string' ? value : '');

/** The adhesions a viewer follows: an employer's own, an IPM's people the ones to their IPM; newest first. */
export async function listAdhesions(
  prisma: PrismaClient,
  viewer: Viewer,
  caseId: string | null = null,
): Promise<AdhesionView[]> {
  const ipm = viewer.roles.some((r) => IPM_ROLES.includes(r));
  const employer = viewer.roles.includes('employeur');
  const rows = await prisma.$queryRawUnsafe<
    {
      id: string;
      state: string;
      revision: number;
      terminal: boolean;
      createdAt: Date;
      context: Record<string, unknown>;
      processVersion: number;
      employerId: string | null;
      status: string | null;
      statusReason: string | null;
      contractStart: string | null;
      terminatedOn: string | null;
    }[]
  >(
    `SELECT c."id", c."state", c."revision", c."terminal", c."createdAt", c."context", c."processVersion",
            e."id" AS "employerId", e."status", e."statusReason",
            to_char(e."contractStart", 'YYYY-MM-DD') AS "contractStart",
            to_char(e."terminatedOn", 'YYYY-MM-DD') AS "terminatedOn"
       FROM "Case" c LEFT JOIN "Employer" e ON e."caseId" = c."id"
      WHERE c."processId" = $1
        AND (($2 AND c."organisationId" = $4) OR ($3 AND e."ipmId" = $4))
        AND ($5::text IS NULL OR c."id" = $5)
      ORDER BY c."createdAt" DESC, c."id"
      LIMIT 500`,
    ADHESION_PROCESS,
    employer,
    ipm,
    viewer.organisationId,
    caseId,
  );
  const ipmIds = [...new Set(rows.map((r) => asText(r.context.ipm)))];
  const names = new Map(
    (await prisma.organisation.findMany({ where: { id: { in: ipmIds } }, select: { id: true, name: true } })).map(
      (o) => [o.id, o.name],
    ),
  );
  const definition = latestDefinition(ADHESION_PROCESS);
  return rows.map((r) => ({
    caseId: r.id,
    state: r.state,
    stateLabel: definition?.states[r.state]?.label ?? r.state,
    revision: r.revision,
    terminal: r.terminal,
    openedAt: r.createdAt,
    employerName: asText(r.context.raisonSociale),
    cssIpres: asText(r.context.numeroCssIpres),
    ipmId: asText(r.context.ipm),
    ipmName: names.get(asText(r.context.ipm)) ?? null,
    employerId: r.employerId,
    status: r.status,
    statusReason: r.statusReason,
    contractStart: r.contractStart,
    terminatedOn: r.terminatedOn,
  }));
}

/** The IPMs an employer may ask to adhere to, by name, with their type as their licence says. */
export async function adhesionIpms(prisma: PrismaClient) {
  const ipms = await prisma.organisation.findMany({
    where: { kind: 'IPM' },
    orderBy: { name: 'asc' },
    select: { id: true, name: true },
  });
  return Promise.all(ipms.map(async (ipm) => ({ ...ipm, type: await ipmType(prisma, ipm.id) })));
}
