import type { PrismaClient } from '../../prisma/client.ts';
import { latestDefinition } from '../../processes/registry.ts';
import type { Role } from '../../processes/roles.ts';
import type { Viewer } from '../viewer.ts';
import { PEC_PROCESS } from './request.ts';

// The PEC requests a viewer follows: a provider's agent those of its organisation, an IPM's agent or
// gérant those made to their IPM; nobody else's. Newest first, with their case's state and letters.

export const IPM_ROLES: readonly Role[] = ['agent_ipm', 'gerant_ipm'];

export interface PecLetterView {
  documentId: string;
  name: string;
  kind: string;
  number: string | null;
}

export interface PecRequestView {
  caseId: string;
  businessKey: string;
  state: string;
  stateLabel: string;
  terminal: boolean;
  revision: number;
  requestedAt: Date;
  providerOrganisationId: string;
  providerCode: string;
  ipmId: string;
  ipmName: string | null;
  beneficiaryId: string;
  actCode: string;
  actLabel: string;
  plannedDate: string;
  tariff: number;
  tariffSource: string;
  rate: number;
  coveredAmount: number;
  medicalOpinionRequired: boolean;
  medicalOpinion: string | null;
  number: string | null;
  validFrom: string | null;
  validTo: string | null;
  refusalReason: string | null;
  cancellationReason: string | null;
  letters: PecLetterView[];
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : null);

export const PEC_PAGE_MAX = 200;

export async function listPecRequests(
  prisma: PrismaClient,
  viewer: Viewer,
  options: { caseId?: string | null; first?: number | null } = {},
): Promise<PecRequestView[]> {
  const provider = viewer.roles.includes('agent_ps');
  const ipm = viewer.roles.some((r) => IPM_ROLES.includes(r));
  const limit = Math.min(Math.max(options.first ?? 50, 1), PEC_PAGE_MAX);
  const rows = await prisma.$queryRawUnsafe<
    {
      caseId: string;
      businessKey: string;
      state: string;
      terminal: boolean;
      revision: number;
      context: Record<string, unknown>;
      createdAt: Date;
      providerOrganisationId: string;
      providerCode: string;
      ipmId: string;
      ipmName: string | null;
      beneficiaryId: string;
      actCode: string;
      actLabel: string;
      plannedDate: string;
      tariff: number;
      tariffSource: string;
      rate: number;
      coveredAmount: number;
      medicalOpinionRequired: boolean;
      number: string | null;
      validFrom: string | null;
      validTo: string | null;
    }[]
  >(
    `SELECT r."caseId", c."businessKey", c."state", c."terminal", c."revision", c."context", r."createdAt",
            r."providerOrganisationId", r."providerCode", r."ipmId", o."name" AS "ipmName", r."beneficiaryId",
            r."actCode", r."actLabel", to_char(r."plannedDate", 'YYYY-MM-DD') AS "plannedDate",
            r."tariff", r."tariffSource", r."rate", r."coveredAmount", r."medicalOpinionRequired", r."number",
            to_char(r."validFrom", 'YYYY-MM-DD') AS "validFrom", to_char(r."validTo", 'YYYY-MM-DD') AS "validTo"
       FROM "PecRequest" r
       JOIN "Case" c ON c."id" = r."caseId"
       LEFT JOIN "Organisation" o ON o."id" = r."ipmId"
      WHERE (($1 AND r."providerOrganisationId" = $3) OR ($2 AND r."ipmId" = $3))
        AND ($4::text IS NULL OR r."caseId" = $4)
      ORDER BY r."createdAt" DESC, r."id"
      LIMIT ${limit}`,
    provider,
    ipm,
    viewer.organisationId,
    options.caseId ?? null,
  );
  const letters = await prisma.document.findMany({
    where: { caseId: { in: rows.map((r) => r.caseId) }, kind: { in: ['lettre_pec_accord', 'lettre_pec_refus'] } },
    orderBy: { createdAt: 'asc' },
    select: { id: true, caseId: true, name: true, kind: true, number: true },
  });
  const definition = latestDefinition(PEC_PROCESS);
  return rows.map((r) => ({
    caseId: r.caseId,
    businessKey: r.businessKey,
    state: r.state,
    stateLabel: definition?.states[r.state]?.label ?? r.state,
    terminal: r.terminal,
    revision: r.revision,
    requestedAt: r.createdAt,
    providerOrganisationId: r.providerOrganisationId,
    providerCode: r.providerCode,
    ipmId: r.ipmId,
    ipmName: r.ipmName,
    beneficiaryId: r.beneficiaryId,
    actCode: r.actCode,
    actLabel: r.actLabel,
    plannedDate: r.plannedDate,
    tariff: r.tariff,
    tariffSource: r.tariffSource,
    rate: r.rate,
    coveredAmount: r.coveredAmount,
    medicalOpinionRequired: r.medicalOpinionRequired,
    medicalOpinion: text(r.context.avisMedecin),
    number: r.number,
    validFrom: r.validFrom,
    validTo: r.validTo,
    refusalReason: text(r.context.motifRefus),
    cancellationReason: text(r.context.motifAnnulation),
    letters: letters
      .filter((l) => l.caseId === r.caseId)
      .map((l) => ({ documentId: l.id, name: l.name, kind: l.kind ?? '', number: l.number })),
  }));
}
