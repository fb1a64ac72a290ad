import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPrisma, type PrismaClient } from '../prisma/client.ts';
import { PendingError } from '../services/errors.ts';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import type { Actor } from '../workflows/types.ts';
import { type ApiServer, startApi } from './support/api.ts';
import { createHarness, type Harness, uniqueKey } from './support/harness.ts';
import { licensing } from './support/licensing.ts';
import { as, createPeople, type People } from './support/people.ts';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts';

// PostgreSQL goes away in the middle of a transition. The shared server keeps running: the worker
// reaches it through a proxy this suite cuts and restores. The checks read the database directly.

const gerant: Actor = { id: 'u-gerant-1', role: 'gerant_ipm' };
const agent: Actor = { id: 'u-agent-1', role: 'agent_ministere' };
const PIECES = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];
const application = { denomination: 'IPM Coupée', typeIpm: 'interentreprises', effectif: 800 };
const UPDATE_WAIT_MS = 12_000;

let proxy: TcpProxy;
let h: Harness;
let direct: PrismaClient;
let api: ApiServer;
let people: People;

beforeAll(async () => {
  const databaseUrl = new URL(inject('databaseUrl'));
  proxy = await startTcpProxy({ host: databaseUrl.hostname, port: Number(databaseUrl.port || 5432) });
  direct = createPrisma(inject('databaseUrl'));
  h = await createHarness({ databaseUrl: proxy.url(inject('databaseUrl')), updateWaitMs: UPDATE_WAIT_MS });
  people = await createPeople(direct);
  // The API reads the case directly: the outage starts once it has read it, in the middle of the transition.
  api = await startApi({ ...h, prisma: direct, ctx: { ...h.ctx, prisma: direct } });
});
// Teardown is not what is tested: on a busy machine the worker's shutdown, after the outage, once
// outlasted the hook's three minutes. Each step gets its share, and the suite's result stands.
const atMost = (work: Promise<unknown> | undefined, ms: number) =>
  Promise.race([work?.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, ms).unref())]);
afterAll(async () => {
  await atMost(proxy?.restore(), 10_000);
  await atMost(api?.close(), 20_000);
  await atMost(h?.close(), 90_000);
  await atMost(proxy?.close(), 10_000);
  await atMost(direct?.$disconnect(), 10_000);
});

const audit = async (caseId: string) =>
  (await direct.auditEntry.findMany({ where: { caseId }, orderBy: { revision: 'asc' } })).map(
    (a) => `${a.revision}:${a.event}`,
  );

const pendingOf = async (work: Promise<unknown>): Promise<PendingError> => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PendingError);
  return error as PendingError;
};

describe('PostgreSQL unreachable in the middle of a transition', () => {
  it('answers sendEvent within the configured wait, writes nothing half, and catches up when the database is back', async () => {
    const { case: opened } = await startCase(h.ctx, {
      processId: 'agrement',
      version: 2,
      businessKey: uniqueKey('PANNE'),
      organisationId: 'ipm-a',
      actor: gerant,
      input: application,
    });
    const caseId = opened.caseId;
    await sendEvent(h.ctx, { caseId, event: 'dossier.soumettre', actor: gerant, input: { pieces: PIECES } });

    await proxy.cut();
    const requestId = `${caseId}-valider`;
    const pending = await pendingOf(
      sendEvent(h.ctx, { caseId, event: 'recevabilite.valider', actor: agent, requestId }),
    );
    expect(pending).toMatchObject({ code: 'affichage_en_attente', caseId });
    expect(pending.message).toContain('Votre action est enregistrée par le dossier');
    // Nothing half-written: the case row and its audit entry are one statement, and neither is there.
    expect(await direct.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({
      state: 'soumis',
      revision: 2,
    });
    expect(await audit(caseId)).toEqual(['1:dossier.ouvrir', '2:dossier.soumettre']);

    await proxy.restore();
    await expect
      .poll(async () => (await direct.case.findUniqueOrThrow({ where: { id: caseId } })).revision, { timeout: 60_000 })
      .toBe(3);
    expect((await direct.case.findUniqueOrThrow({ where: { id: caseId } })).state).toBe('en_instruction');
    // Sent again with the same request id, it lands once; the case goes on.
    expect(await sendEvent(h.ctx, { caseId, event: 'recevabilite.valider', actor: agent, requestId })).toMatchObject({
      state: 'en_instruction',
      revision: 3,
    });
    expect(await audit(caseId)).toEqual(['1:dossier.ouvrir', '2:dossier.soumettre', '3:recevabilite.valider']);
  });

  it('answers startCase within the configured wait; the case appears once the database is back, and once', async () => {
    const businessKey = uniqueKey('PANNE');
    const open = () =>
      startCase(h.ctx, {
        processId: 'agrement',
        version: 2,
        businessKey,
        organisationId: 'ipm-a',
        actor: gerant,
        input: application,
      });
    await proxy.cut();
    const pending = await pendingOf(open());
    // Whether the opening update was accepted before the wait ran out depends on when it reached the
    // workflow (with its first task, or in the next one, which waits for the first to end): both say so.
    expect(['affichage_en_attente', 'non_confirme']).toContain(pending.code);
    const caseId = pending.caseId;
    expect(await direct.case.findUnique({ where: { id: caseId } })).toBeNull();
    expect(await audit(caseId)).toEqual([]);

    await proxy.restore();
    await expect
      .poll(async () => (await direct.case.findUnique({ where: { id: caseId } }))?.state, { timeout: 60_000 })
      .toBe('brouillon');
    const again = await open();
    expect(again).toMatchObject({ created: false, case: { caseId, revision: 1 } });
    expect(await audit(caseId)).toEqual(['1:dossier.ouvrir']);
  });

  it('gives the API client a typed French answer, ActionPendingError, and the action is shown once the database is back', async () => {
    const gerantA = people.person.gerantA;
    const opened = await licensing(api).start(gerantA);
    expect(opened.__typename).toBe('StartCasePayload');
    const caseId = opened.case.id as string;
    await proxy.cut();
    const answer = await api.gql(
      `mutation($input: SendEventInput!) { sendEvent(input: $input) {
        __typename ... on Error { code message } ... on ActionPendingError { caseId } } }`,
      { input: { caseId, event: 'dossier.abandonner', requestId: `${caseId.replaceAll('/', '.')}.abandon` } },
      as(gerantA),
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data.sendEvent).toEqual({
      __typename: 'ActionPendingError',
      code: 'affichage_en_attente',
      message: expect.stringContaining('Votre action est enregistrée par le dossier'),
      caseId,
    });
    expect((await direct.case.findUniqueOrThrow({ where: { id: caseId } })).state).toBe('brouillon');
    await proxy.restore();
    await expect
      .poll(async () => (await direct.case.findUniqueOrThrow({ where: { id: caseId } })).state, { timeout: 60_000 })
      .toBe('abandonne');
    expect(await audit(caseId)).toEqual(['1:dossier.ouvrir', '2:dossier.abandonner']);
  });
});
