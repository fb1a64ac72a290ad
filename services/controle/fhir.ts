import type {
  CoverageEligibilityRequest,
  CoverageEligibilityResponse,
  CoverageEligibilityResponseInsuranceItem,
  OperationOutcome,
} from 'fhir/r4.js';
import type { CheckAnswer } from './check-rights.ts';

// The rights check in FHIR R4: a CoverageEligibilityRequest names the member by an identifier of the
// patient (the card number or the NIN, under Siamo's systems), the day by `servicedDate`, the intended
// acts by `item.productOrService`; the answer is a CoverageEligibilityResponse whose identifier is the
// check number. A request that is not one is answered by an OperationOutcome, in French.

export const SYSTEMS = {
  card: 'https://siamo.sn/identifiants/carte-assure',
  nin: 'https://siamo.sn/identifiants/nin',
  check: 'https://siamo.sn/identifiants/controle-droits',
  acts: 'https://siamo.sn/referentiels/actes',
  outcome: 'https://siamo.sn/codes/resultat-controle',
} as const;

export interface FhirCheckInput {
  cardNumber: string | null;
  nin: string | null;
  date: string | null;
  acts: string[];
  request: CoverageEligibilityRequest;
}

const PURPOSES = new Set(['auth-requirements', 'benefits', 'discovery', 'validation']);
const STATUSES = new Set(['active', 'cancelled', 'draft', 'entered-in-error']);

/** The check a request asks for, or the French problems that make it none (each with its FHIRPath). */
export function readEligibilityRequest(
  body: unknown,
): { input: FhirCheckInput } | { problems: { path: string; text: string }[] } {
  const problems: { path: string; text: string }[] = [];
  const fail = (path: string, text: string) => problems.push({ path, text });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    fail('CoverageEligibilityRequest', 'Le corps doit être une ressource FHIR R4 en JSON.');
    return { problems };
  }
  const r = body as Record<string, unknown>;
  if (r.resourceType !== 'CoverageEligibilityRequest')
    fail('resourceType', 'resourceType doit valoir « CoverageEligibilityRequest ».');
  if (typeof r.status !== 'string' || !STATUSES.has(r.status))
    fail('CoverageEligibilityRequest.status', 'status est obligatoire : active, cancelled, draft ou entered-in-error.');
  else if (r.status !== 'active')
    fail('CoverageEligibilityRequest.status', 'Seule une demande « active » est contrôlée.');
  if (!Array.isArray(r.purpose) || r.purpose.length === 0 || !r.purpose.every((p) => PURPOSES.has(p as string)))
    fail(
      'CoverageEligibilityRequest.purpose',
      'purpose est obligatoire : une liste parmi auth-requirements, benefits, discovery, validation.',
    );
  if (typeof r.created !== 'string' || !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(r.created))
    fail(
      'CoverageEligibilityRequest.created',
      'created est obligatoire : la date de la demande (AAAA-MM-JJ ou date-heure).',
    );
  if (typeof r.insurer !== 'object' || r.insurer === null)
    fail(
      'CoverageEligibilityRequest.insurer',
      'insurer est obligatoire (une référence, par exemple { "display": "AMO" }).',
    );
  const served = r.servicedDate;
  if (served !== undefined && (typeof served !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(served)))
    fail('CoverageEligibilityRequest.servicedDate', 'servicedDate doit être une date AAAA-MM-JJ.');
  if (r.servicedPeriod !== undefined)
    fail('CoverageEligibilityRequest.servicedPeriod', 'Indiquez un jour de soins (servicedDate), pas une période.');

  const identifiers = (r.patient as { identifier?: unknown } | undefined)?.identifier;
  const identifier =
    identifiers && typeof identifiers === 'object' && !Array.isArray(identifiers)
      ? (identifiers as { system?: unknown; value?: unknown })
      : null;
  let cardNumber: string | null = null;
  let nin: string | null = null;
  if (!identifier || typeof identifier.value !== 'string' || identifier.value.trim() === '')
    fail(
      'CoverageEligibilityRequest.patient.identifier',
      `patient.identifier est obligatoire : { "system": "${SYSTEMS.card}" ou "${SYSTEMS.nin}", "value": "…" }.`,
    );
  else if (identifier.system === SYSTEMS.card) cardNumber = identifier.value;
  else if (identifier.system === SYSTEMS.nin) nin = identifier.value;
  else
    fail(
      'CoverageEligibilityRequest.patient.identifier.system',
      `Système d’identifiant inconnu : ${SYSTEMS.card} (carte d’assuré) ou ${SYSTEMS.nin} (NIN).`,
    );

  const acts: string[] = [];
  if (r.item !== undefined) {
    if (!Array.isArray(r.item)) fail('CoverageEligibilityRequest.item', 'item doit être une liste.');
    else
      r.item.forEach((item, i) => {
        const codings = (item as { productOrService?: { coding?: unknown } } | null)?.productOrService?.coding;
        const coding = Array.isArray(codings)
          ? (codings as { system?: unknown; code?: unknown }[]).find((c) => c?.system === SYSTEMS.acts)
          : undefined;
        if (!coding || typeof coding.code !== 'string')
          fail(
            `CoverageEligibilityRequest.item[${i}].productOrService`,
            `Chaque acte se code dans la nomenclature : productOrService.coding { "system": "${SYSTEMS.acts}", "code": "CON001" }.`,
          );
        else acts.push(coding.code);
      });
  }
  if (problems.length > 0) return { problems };
  return {
    input: {
      cardNumber,
      nin,
      date: (served as string | undefined) ?? null,
      acts,
      request: body as CoverageEligibilityRequest,
    },
  };
}

export function operationOutcome(
  issues: { path?: string; text: string }[],
  code: 'invalid' | 'login' | 'forbidden' | 'throttled' | 'exception' | 'not-supported' = 'invalid',
): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((i) => ({
      severity: 'error',
      code,
      diagnostics: i.text,
      ...(i.path ? { expression: [i.path] } : {}),
    })),
  };
}

/** Rule outcomes (the member was found and the rule answered); the others are checks that could not be made. */
const RULE_OUTCOMES = new Set([
  'couvert',
  'non_affilie',
  'depart',
  'transfert',
  'deces',
  'employeur_suspendu',
  'participant_suspendu',
  'limite_age',
]);

export function eligibilityResponse(
  request: CoverageEligibilityRequest,
  answer: CheckAnswer,
  providerOrganisationId: string,
): CoverageEligibilityResponse {
  const answered = RULE_OUTCOMES.has(answer.outcome);
  const insurer = answer.ipm
    ? { identifier: { system: 'https://siamo.sn/organisations', value: answer.ipm.id }, display: answer.ipm.name }
    : { display: 'Assurance maladie obligatoire (AMO)' };
  const items: CoverageEligibilityResponseInsuranceItem[] = answer.acts.map((act) => ({
    productOrService: { coding: [{ system: SYSTEMS.acts, code: act.code }] },
    ...(act.pecRequired !== null ? { authorizationRequired: act.pecRequired } : {}),
    ...(act.known ? {} : { description: 'Panier de soins de l’IPM non disponible : taux et plafond inconnus.' }),
    ...(act.rate !== null
      ? { benefit: [{ type: { text: 'taux de prise en charge' }, allowedUnsignedInt: act.rate }] }
      : {}),
  }));
  return {
    resourceType: 'CoverageEligibilityResponse',
    identifier: [{ system: SYSTEMS.check, value: answer.checkNumber }],
    status: 'active',
    purpose: request.purpose.filter((p) => PURPOSES.has(p)),
    // Echoed from what was read, not copied: whatever else the request carried stays out of the answer.
    patient: { identifier: patientIdentifier(request) },
    ...(answer.date ? { servicedDate: answer.date } : {}),
    created: answer.checkedAt.toISOString(),
    requestor: { identifier: { system: 'https://siamo.sn/organisations', value: providerOrganisationId } },
    request: { identifier: requestIdentifier(request) ?? { system: SYSTEMS.check, value: answer.checkNumber } },
    outcome: answered ? 'complete' : 'error',
    disposition: answer.reason,
    insurer,
    ...(answered
      ? {
          insurance: [
            {
              coverage: { display: answer.ipm ? `AMO – ${answer.ipm.name}` : 'AMO' },
              inforce: answer.covered,
              ...(items.length > 0 ? { item: items } : {}),
            },
          ],
        }
      : {
          error: [
            {
              code: { coding: [{ system: SYSTEMS.outcome, code: answer.outcome }], text: answer.reason },
            },
          ],
        }),
  };
}

const text = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** The member's identifier as read (readEligibilityRequest checked its system and value). */
function patientIdentifier(request: CoverageEligibilityRequest): { system: string; value: string } {
  const identifier = (request.patient as { identifier?: { system?: unknown; value?: unknown } }).identifier;
  return { system: String(identifier?.system), value: String(identifier?.value) };
}

/** The request's own first identifier, when it gave one that is a system and a value. */
function requestIdentifier(request: CoverageEligibilityRequest): { system?: string; value: string } | null {
  const first = (Array.isArray(request.identifier) ? request.identifier[0] : undefined) as
    | { system?: unknown; value?: unknown }
    | undefined;
  if (!first || !text(first.value)) return null;
  return { ...(text(first.system) ? { system: first.system } : {}), value: first.value };
}
