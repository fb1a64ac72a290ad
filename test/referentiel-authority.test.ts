import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dakarDay } from '../processes/calendar.ts';
import { actsCsv, sampleActs } from '../services/referentials/samples.ts';
import { loadShippedReferentials } from '../services/referentials/shipped.ts';
import type { ApiServer } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { ownerPerson } from './support/owner-person.ts';

// The `referentiel` process's events sent through the generic `sendEvent` and `startCase` of the API,
// not the referentials' own mutation: a manager or an agent of another authority than the version's
// owner is refused before the transition, in French, and the case (state, revision, history) and the
// version stay as they were; the owner's manager goes through. A second version overlapping a
// scheduled one is refused the same way.

let suite: ApiSuite;
let api: ApiServer;
let agent: { token: string };
let manager: { token: string; id: string };

// The nomenclature of acts, MSAS's: the tariff's cases are other suites' (their workflow ids would meet
// on the shared Temporal server).
const OWNER = 'msas';
const OWNER_LABEL = 'MSAS';
const MSAS_NAME = 'Ministère de la Santé et de l’Action sociale (MSAS)';
const today = dakarDay(new Date());
const dayAfter = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const french = (day: string) => day.split('-').reverse().join('/');

/** The shipped nomenclature with its first act renamed: a version that differs from the one in force. */
const revised = (revision: number) =>
  actsCsv(sampleActs().map((act, i) => (i === 0 ? { ...act, libelle: `${act.libelle} (révision ${revision})` } : act)));

async function importActs(revision: number): Promise<{ versionId: string; caseId: string }> {
  const answer = await api.upload(
    `mutation($file: File!) { importReferentialVersion(referential: "actes", title: "Révision ${revision}", file: $file) {
      __typename ... on ReferentialImport { caseId version { id status } } ... on Error { message } } }`,
    {},
    { name: 'actes.csv', content: new TextEncoder().encode(revised(revision)) },
    agent,
  );
  expect(answer.errors).toBeUndefined();
  const imported = answer.data.importReferentialVersion;
  expect(imported).toMatchObject({ __typename: 'ReferentialImport', version: { status: 'validee' } });
  return { versionId: imported.version.id, caseId: imported.caseId };
}

const sendEvent = async (as: { token: string }, caseId: string, event: string, input: Record<string, unknown>) => {
  const answer = await api.gql(
    `mutation($input: SendEventInput!) { sendEvent(input: $input) {
      __typename ... on CasePayload { case { state } } ... on Error { message } } }`,
    { input: { caseId, event, input } },
    as,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data.sendEvent;
};

/** All a refused event must leave as it was: the case, its history, the version's row. */
const snapshot = async (caseId: string, versionId: string) => {
  const { prisma } = suite.h;
  const [kase, history, version] = await Promise.all([
    prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { state: true, revision: true, context: true } }),
    prisma.auditEntry.findMany({
      where: { caseId },
      select: { revision: true, event: true },
      orderBy: { revision: 'asc' },
    }),
    prisma.referentialVersion.findUniqueOrThrow({ where: { id: versionId } }),
  ]);
  return { kase, history, version };
};

const refusedOwner = (doing: string) => ({
  __typename: 'NotAllowedError',
  message: `Seul un responsable de l’autorité propriétaire du référentiel (${OWNER_LABEL}) peut ${doing} cette version.`,
});

beforeAll(async () => {
  suite = await createApiSuite();
  api = suite.api;
  await loadShippedReferentials(suite.h.prisma, { examples: true, medicines: 200 });
  agent = await ownerPerson(suite, OWNER, 'agent', 'agent_ministere');
  manager = await ownerPerson(suite, OWNER, 'directeur', 'directeur_ministere');
}, 180_000);
afterAll(() => suite?.close());

describe('the referentiel process’s events sent through the generic API', () => {
  let first: { versionId: string; caseId: string };
  const tomorrow = dayAfter(today, 1);

  it('refuses a manager of another authority approving or rejecting, before the transition: nothing changes', async () => {
    first = await importActs(1);
    const before = await snapshot(first.caseId, first.versionId);
    expect(before.kase.state).toBe('attente_approbation');
    const { directeur, pilotage } = suite.people.person;
    expect(await sendEvent(directeur, first.caseId, 'version.approuver', { dateEffet: tomorrow })).toEqual(
      refusedOwner('approuver'),
    );
    expect(
      await sendEvent(pilotage, first.caseId, 'version.rejeter', { motifRejet: 'Ce n’est pas notre référentiel' }),
    ).toEqual(refusedOwner('rejeter'));
    expect(await snapshot(first.caseId, first.versionId)).toEqual(before);
  });

  it('refuses an agent of another authority opening a case on someone else’s version', async () => {
    const opened = await api.gql(
      `mutation($input: StartCaseInput!) { startCase(input: $input) { __typename ... on Error { message } } }`,
      {
        input: {
          processId: 'referentiel',
          idempotencyKey: 'REF-actes-par-la-main',
          input: { versionId: first.versionId, referentiel: 'actes' },
        },
      },
      suite.people.person.agentMinistere,
    );
    expect(opened.data.startCase).toEqual({
      __typename: 'NotAllowedError',
      message:
        'Le dossier d’une version de référentiel est ouvert par son import : importez le fichier depuis la page du référentiel.',
    });
    expect(await suite.h.prisma.case.count({ where: { processId: 'referentiel' } })).toBe(1);
  });

  it('refuses the owner’s manager a day that is not a date, or is past, whichever way it is sent: nothing changes', async () => {
    const before = await snapshot(first.caseId, first.versionId);
    const decide = async (dateEffet: string) =>
      (
        await api.gql(
          `mutation($id: ID!, $dateEffet: String) { decideReferentialVersion(versionId: $id, decision: approuver, dateEffet: $dateEffet) {
            __typename ... on Error { message } } }`,
          { id: first.versionId, dateEffet },
          manager,
        )
      ).data.decideReferentialVersion;
    expect(await decide('31/12/2026')).toEqual({
      __typename: 'InvalidInputError',
      message: '« 31/12/2026 » n’est pas une date : écrivez-la AAAA-MM-JJ.',
    });
    const yesterday = dayAfter(today, -1);
    expect(await decide(yesterday)).toEqual({
      __typename: 'InvalidInputError',
      message: `La date d’entrée en vigueur (${french(yesterday)}) est passée : choisissez aujourd’hui ou une date à venir.`,
    });
    // The case's own guard, for the generic way.
    expect(await sendEvent(manager, first.caseId, 'version.approuver', { dateEffet: yesterday })).toEqual({
      __typename: 'NotAllowedError',
      message: `L’action « Approuver et programmer » n’est pas possible dans l’état « En attente d’approbation » : « Date d’entrée en vigueur » ne peut pas être passée : choisissez aujourd’hui (${french(today)}) ou une date à venir.`,
    });
    expect(await snapshot(first.caseId, first.versionId)).toEqual(before);
  });

  it('lets the owner’s manager approve through the same API: the version is scheduled', async () => {
    const approved = await sendEvent(manager, first.caseId, 'version.approuver', { dateEffet: tomorrow });
    expect(approved).toEqual({ __typename: 'CasePayload', case: { state: 'programmee' } });
    const after = await snapshot(first.caseId, first.versionId);
    expect(after.version).toMatchObject({ status: 'programmee', approvedBy: manager.id });
    expect(after.version.validFrom?.toISOString().slice(0, 10)).toBe(tomorrow);
  });

  it('shows ICAMO, which does not own it, the version in force, the scheduled one and who published each', async () => {
    const answer = await api.gql(
      `{ referentials { ... on ReferentialsSuccess { data { code
        current { number validFrom publishedBy { organisation approverName approverRole } }
        scheduled { id validFrom publishedBy { organisation approverName approverRole } } } } } }`,
      {},
      suite.people.person.analyste,
    );
    const acts = answer.data.referentials.data.find((r: { code: string }) => r.code === 'actes');
    const shipped = await suite.h.prisma.referentialVersion.findFirstOrThrow({
      where: { referentialCode: 'actes', status: 'en_vigueur' },
    });
    expect(acts).toEqual({
      code: 'actes',
      // Shipped with Siamo: approved by no one person.
      current: {
        number: shipped.number,
        validFrom: shipped.validFrom?.toISOString().slice(0, 10),
        publishedBy: { organisation: MSAS_NAME, approverName: null, approverRole: null },
      },
      scheduled: {
        id: first.versionId,
        validFrom: tomorrow,
        publishedBy: {
          organisation: MSAS_NAME,
          approverName: 'directeur du ministère',
          approverRole: 'Directeur (ministère)',
        },
      },
    });
  });

  it('refuses another authority postponing or cancelling, and anyone sending the timer’s event', async () => {
    const before = await snapshot(first.caseId, first.versionId);
    const { directeur, pilotage } = suite.people.person;
    expect(await sendEvent(directeur, first.caseId, 'version.reporter', { dateEffet: dayAfter(today, 3) })).toEqual(
      refusedOwner('reporter'),
    );
    expect(
      await sendEvent(pilotage, first.caseId, 'version.annuler', { motifAnnulation: 'Ce n’est pas notre arrêté' }),
    ).toEqual(refusedOwner('annuler'));
    expect(await sendEvent(manager, first.caseId, 'version.activer', {})).toEqual({
      __typename: 'NotAllowedError',
      message:
        'Le rôle « Directeur (ministère) » ne peut pas faire l’action « Entrée en vigueur » dans l’état « Programmée ».',
    });
    expect(await snapshot(first.caseId, first.versionId)).toEqual(before);
  });

  it('refuses the owner’s manager a second version overlapping the scheduled one: nothing changes', async () => {
    const second = await importActs(2);
    const before = await snapshot(second.caseId, second.versionId);
    expect(await sendEvent(manager, second.caseId, 'version.approuver', { dateEffet: dayAfter(today, 5) })).toEqual({
      __typename: 'ConflictError',
      message: `La version n°${before.version.number - 1} est déjà programmée au ${french(tomorrow)} : annulez-la, ou attendez son entrée en vigueur, avant d’en programmer une autre.`,
    });
    expect(await snapshot(second.caseId, second.versionId)).toEqual(before);
    // Cancelled by its owner, the first leaves the way to the second.
    expect(await sendEvent(manager, first.caseId, 'version.annuler', { motifAnnulation: 'Arrêté retiré' })).toEqual({
      __typename: 'CasePayload',
      case: { state: 'annulee' },
    });
    expect((await snapshot(first.caseId, first.versionId)).version).toMatchObject({
      status: 'annulee',
      validFrom: null,
    });
  });
});
