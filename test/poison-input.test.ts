import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessEngine } from '../processes/engine.ts';
import agrementV4 from '../processes/licensing/agrement/v4.ts';
import projetV1 from '../processes/portfolio/projet/v1.ts';
import { checkHealth } from '../runtime/health.ts';
import { businessKeyProblem } from '../services/business-key.ts';
import { listCaseAnomalies } from '../services/case-anomalies.ts';
import { SiamoError } from '../services/errors.ts';
import { sendEvent } from '../services/send-event.ts';
import { caseIdOf, startCase } from '../services/start-case.ts';
import { caseViewQuery, sendEventUpdate } from '../workflows/messages.ts';
import type { ApiServer } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { uniqueKey } from './support/harness.ts';
import { eventually, licensing, OPENING } from './support/licensing.ts';
import { as, type People } from './support/people.ts';

// Text that PostgreSQL can never store (a NUL character, a lone surrogate) used to make a request hang
// for ever: the workflow retried its projection write every 30 s, unseen. Such text is now refused at
// every edge, field by field, with nothing changed; and a write the database refuses for good (or that
// waits for it) is seen by health and supervision instead of looping silently.

const NUL = 'Dakar\u0000Plateau';
const LONE = 'Dakar \ud800 Plateau';

let suite: ApiSuite;
let api: ApiServer;
let people: People;
let l: ReturnType<typeof licensing>;
const workflowsToEnd: string[] = [];

beforeAll(async () => {
  suite = await createApiSuite();
  ({ api, people } = suite);
  l = licensing(api);
  // Real refusals of the real database: a rule makes PostgreSQL refuse one case's audit entries with
  // the SQLSTATE given, as it would refuse data it cannot store (22xxx) or a write it cannot do now (40001).
  await suite.h.prisma.$executeRawUnsafe(`
    CREATE TABLE poison_rules (case_id text NOT NULL, event text NOT NULL, sqlstate text NOT NULL)`);
  await suite.h.prisma.$executeRawUnsafe(`
    CREATE FUNCTION poison_check() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE r record;
    BEGIN
      SELECT * INTO r FROM poison_rules WHERE case_id = NEW."caseId" AND event = NEW.event;
      IF FOUND THEN RAISE EXCEPTION USING ERRCODE = r.sqlstate, MESSAGE = 'refus du test'; END IF;
      RETURN NEW;
    END $$`);
  await suite.h.prisma.$executeRawUnsafe(
    `CREATE TRIGGER poison_check BEFORE INSERT ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION poison_check()`,
  );
});
afterAll(async () => {
  for (const id of workflowsToEnd) {
    await suite.h.ctx.temporal.workflow
      .getHandle(id)
      .terminate('fin du test')
      .catch(() => undefined);
  }
  await suite?.close();
});

const caseState = (caseId: string) =>
  suite.h.prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { revision: true, context: true } });
const auditCount = (caseId: string) => suite.h.prisma.auditEntry.count({ where: { caseId } });

const START = `mutation($input: StartCaseInput!) { startCase(input: $input) {
  __typename ... on Error { code message } ... on InvalidInputError { fields { field message } }
  ... on StartCasePayload { created case { id } } } }`;
const SEND = `mutation($input: SendEventInput!) { sendEvent(input: $input) {
  __typename ... on Error { code message } ... on InvalidInputError { fields { field message } }
  ... on CasePayload { case { revision } } } }`;

async function draft(): Promise<string> {
  const started = await l.start(people.person.gerantA);
  expect(started.__typename).toBe('StartCasePayload');
  return started.case.id;
}

describe('text that could never be stored, at the API', () => {
  it.each([
    ['a NUL character', NUL],
    ['a lone surrogate', LONE],
  ])('refuses %s in an opening form, names the field, opens nothing; the same key then works', async (_, bad) => {
    const key = uniqueKey('POI');
    const answer = await api.gql(
      START,
      { input: { processId: 'agrement', idempotencyKey: key, input: { ...OPENING, adresseSiege: bad } } },
      as(people.person.gerantA),
    );
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]?.message).toMatch(/^Requête refusée : un texte contient un caractère qui ne peut pas/);
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: 'saisie_invalide',
      fields: { 'variables.input.input.adresseSiege': expect.stringMatching(/caractère (nul|Unicode invalide)/) },
    });
    expect(await suite.h.prisma.case.count({ where: { businessKey: key } })).toBe(0);

    const retried = await l.start(people.person.gerantA, OPENING, key);
    expect(retried).toMatchObject({ __typename: 'StartCasePayload', created: true });
  });

  it('refuses it in an event, also written into the operation itself, and the case is unchanged', async () => {
    const caseId = await draft();
    const before = { state: await caseState(caseId), audit: await auditCount(caseId) };
    const inVariables = await api.gql(
      SEND,
      { input: { caseId, event: 'demande.completer', input: { gouvernance: LONE } } },
      as(people.person.gerantA),
    );
    expect(inVariables.status).toBe(400);
    expect(Object.keys(inVariables.errors?.[0]?.extensions?.fields as object)).toEqual([
      'variables.input.input.gouvernance',
    ]);
    // Written as an escape in the operation, it only exists once parsed: the services refuse it then.
    const literal = `mutation { sendEvent(input: { caseId: ${JSON.stringify(caseId)}, event: "demande.completer",
      input: { gouvernance: "Dakar\\u0000Plateau" } }) {
      __typename ... on InvalidInputError { fields { field message } } } }`;
    const inOperation = await api.gql(literal, {}, as(people.person.gerantA));
    expect(inOperation.data.sendEvent).toMatchObject({
      __typename: 'InvalidInputError',
      fields: [{ field: 'gouvernance', message: expect.stringMatching(/caractère nul/) }],
    });
    // Written as it is, the operation itself is refused before it is read.
    const raw = await api.gql(
      `mutation { sendEvent(input: { caseId: "\u0000" }) { __typename } }`,
      {},
      as(people.person.gerantA),
    );
    expect(raw.status).toBe(400);
    expect(Object.keys(raw.errors?.[0]?.extensions?.fields as object)).toEqual(['operation']);

    expect(await caseState(caseId)).toEqual(before.state);
    expect(await auditCount(caseId)).toBe(before.audit);
    // The case goes on as if nothing had been sent.
    const next = await l.send(people.person.gerantA, caseId, 'demande.completer', { gouvernance: 'Conseil paritaire' });
    expect(next.case.revision).toBe(before.state.revision + 1);
  });
});

describe('text that could never be stored, below the API', () => {
  it('the services refuse it field by field and start no workflow', async () => {
    const key = uniqueKey('POI');
    const refused = await startCase(suite.h.ctx, {
      processId: 'agrement',
      businessKey: key,
      organisationId: people.person.gerantA.organisationId,
      actor: { id: people.person.gerantA.id, role: 'gerant_ipm' },
      input: { ...OPENING, denomination: NUL },
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SiamoError);
    expect(refused).toMatchObject({ code: 'saisie_invalide', fieldErrors: { denomination: expect.any(String) } });
    const workflowId = caseIdOf('agrement', people.person.gerantA.organisationId, key);
    await expect(suite.h.ctx.temporal.workflow.getHandle(workflowId).describe()).rejects.toThrow(/not found/i);

    const caseId = await draft();
    const revision = (await caseState(caseId)).revision;
    const event = await sendEvent(suite.h.ctx, {
      caseId,
      event: 'demande.completer',
      input: { entreprisesAdherentes: [LONE] },
      actor: { id: people.person.gerantA.id, role: 'gerant_ipm' },
    }).catch((error: unknown) => error);
    expect(event).toMatchObject({
      code: 'saisie_invalide',
      fieldErrors: { 'entreprisesAdherentes[0]': expect.stringMatching(/Unicode invalide/) },
    });
    expect((await caseState(caseId)).revision).toBe(revision);
  });

  it('the case workflow itself refuses it in its validator: nothing enters the history', async () => {
    const caseId = await draft();
    const handle = suite.h.ctx.temporal.workflow.getHandle(caseId);
    const before = await handle.query(caseViewQuery, 'gerant_ipm');
    const failure = await handle
      .executeUpdate(sendEventUpdate, {
        args: [
          {
            event: 'demande.completer',
            input: { gouvernance: NUL },
            actor: { id: people.person.gerantA.id, role: 'gerant_ipm' },
          },
        ],
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (failure as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('saisie_invalide');
    const history = await handle.fetchHistory();
    const accepted =
      history.events?.filter(
        (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'dossier.evenement',
      ) ?? [];
    expect(accepted).toHaveLength(0);
    expect((await handle.query(caseViewQuery, 'gerant_ipm')).revision).toBe(before.revision);
  });
});

describe('values no one could mean', () => {
  it('refuses a headcount of 2^53−1 at opening, and opens nothing', async () => {
    const key = uniqueKey('POI');
    const answer = await api.gql(
      START,
      { input: { processId: 'agrement', idempotencyKey: key, input: { ...OPENING, effectif: 2 ** 53 - 1 } } },
      as(people.person.gerantA),
    );
    expect(answer.data.startCase).toMatchObject({
      __typename: 'InvalidInputError',
      fields: [{ field: 'effectif', message: expect.stringMatching(/doit être au plus 1\s000\s000\s000\.$/) }],
    });
    expect(await suite.h.prisma.case.count({ where: { businessKey: key } })).toBe(0);
  });

  it('counts a reason made of blanks as missing, and refuses a project started in 1900', () => {
    const agrement = new ProcessEngine(agrementV4, { settings: { effectifMinimumIpmEntreprise: 300 } });
    const refusal = agrement.decide(
      { state: 'en_decision', context: {} },
      { event: 'decision.refuser', role: 'directeur_ministere', input: { motifRefus: ' \n\t ' } },
    );
    expect(refusal).toMatchObject({
      ok: false,
      code: 'saisie_invalide',
      fieldErrors: { motifRefus: expect.any(String) },
    });
    expect(refusal.ok === false && refusal.fieldErrors?.motifRefus).toMatch(/est obligatoire\.$/);

    const projet = new ProcessEngine(projetV1, { settings: { jourRapportMensuel: 5 } });
    const early = projet.decide(
      { state: 'planifie', context: {} },
      { event: 'projet.demarrer', role: 'analyste_icamo', input: { dateDemarrage: '1900-03-01' } },
    );
    expect(early).toMatchObject({
      ok: false,
      fieldErrors: {
        dateDemarrage: '« Date de démarrage effective » ne peut pas être antérieure au 01/01/1910 : vérifiez l’année.',
      },
    });
    // The same rules, read as cases opened before them read them, let these through.
    const legacy = new ProcessEngine(projetV1, { settings: { jourRapportMensuel: 5 } }, 'legacy');
    const old = legacy.decide(
      { state: 'planifie', context: {} },
      { event: 'projet.demarrer', role: 'analyste_icamo', input: { dateDemarrage: '1900-03-01' } },
    );
    expect(old.ok === false && old.code === 'saisie_invalide').toBe(false);
  });

  it.each([
    ['Awa-Ndiaye-2026', /ressemble à un nom/],
    ['ndiaye-fatou', /ressemble à un nom/],
    ['77-123-45-67', /numéro de téléphone ou d’identification/],
    ['+221771234567', /3 à 100 caractères/],
    ['dossier-2210771234567', /numéro de téléphone ou d’identification/],
  ])('refuses the business key %s: keys are identifiers, never data', async (key, reason) => {
    const answer = await api.gql(
      START,
      { input: { processId: 'agrement', idempotencyKey: key, input: OPENING } },
      as(people.person.gerantA),
    );
    expect(answer.data.startCase).toMatchObject({
      __typename: 'InvalidInputError',
      message: expect.stringMatching(reason),
      fields: [{ field: 'idempotencyKey' }],
    });
    expect(await suite.h.prisma.case.count({ where: { businessKey: key } })).toBe(0);
  });

  it('accepts the keys Siamo and its clients make', () => {
    // A random id after a prefix, even when its digits happen to read like a mobile number (77 123 45 67).
    for (const key of [
      'AGR-2026-0001',
      'AGR-2026-0001-2',
      'SDSI-10',
      'AGR-2026-0D86D67A',
      crypto.randomUUID(),
      'doublon-77123456-7812-4abc-9def-0123456789ab',
    ])
      expect(businessKeyProblem(key)).toBeUndefined();
  });
});

describe('a projection the database will not take', () => {
  const refuse = (caseId: string, event: string, sqlstate: string) =>
    suite.h.prisma
      .$executeRaw`INSERT INTO poison_rules (case_id, event, sqlstate) VALUES (${caseId}, ${event}, ${sqlstate})`;
  const health = () =>
    checkHealth({ prisma: suite.h.prisma, temporal: suite.h.ctx.temporal, workerState: () => 'RUNNING' });

  it('refused for good: the caller is told, the case is marked, health turns red', async () => {
    const caseId = await draft();
    workflowsToEnd.push(caseId);
    const revision = (await caseState(caseId)).revision;
    await refuse(caseId, 'demande.completer', '22023');
    const answer = await api.gql(
      SEND,
      { input: { caseId, event: 'demande.completer', input: { gouvernance: 'Conseil paritaire' } } },
      as(people.person.gerantA),
    );
    expect(answer.data.sendEvent).toMatchObject({
      __typename: 'RecordingFailedError',
      code: 'enregistrement_impossible',
      message: expect.stringMatching(/n’a pas pu être enregistré dans la base de données/),
    });
    expect((await caseState(caseId)).revision).toBe(revision);
    const marked = await eventually(
      () => listCaseAnomalies(suite.h.ctx.temporal),
      (list) => list.some((a) => a.caseId === caseId),
    );
    expect(marked.find((a) => a.caseId === caseId)?.anomaly).toBe('projection-impossible');
    const report = await health();
    expect(report.ok).toBe(false);
    expect(report.dossiersBloques?.impossible).toBeGreaterThanOrEqual(1);
  });

  it('refused at opening: the opening answers instead of hanging', async () => {
    const key = uniqueKey('POI');
    const caseId = caseIdOf('agrement', people.person.gerantA.organisationId, key);
    workflowsToEnd.push(caseId);
    await refuse(caseId, 'dossier.ouvrir', '23514');
    const answer = await api.gql(
      START,
      { input: { processId: 'agrement', idempotencyKey: key, input: OPENING } },
      as(people.person.gerantA),
    );
    expect(answer.data.startCase).toMatchObject({
      __typename: 'RecordingFailedError',
      code: 'enregistrement_impossible',
    });
    expect(await suite.h.prisma.case.count({ where: { id: caseId } })).toBe(0);
  });

  it('while the database cannot take it, the case is seen waiting, then catches up exactly once', async () => {
    const caseId = await draft();
    workflowsToEnd.push(caseId);
    const revision = (await caseState(caseId)).revision;
    await refuse(caseId, 'demande.completer', '40001');
    const pending = sendEvent(suite.h.ctx, {
      caseId,
      event: 'demande.completer',
      input: { gouvernance: 'Conseil paritaire' },
      actor: { id: people.person.gerantA.id, role: 'gerant_ipm' },
      requestId: `attente-${caseId.slice(-8)}`,
    });
    const waiting = await eventually(
      () => listCaseAnomalies(suite.h.ctx.temporal),
      (list) => list.some((a) => a.caseId === caseId),
      60_000,
    );
    expect(waiting.find((a) => a.caseId === caseId)?.anomaly).toBe('projection-en-attente');
    expect((await health()).dossiersBloques?.enAttente).toBeGreaterThanOrEqual(1);

    await suite.h.prisma.$executeRaw`DELETE FROM poison_rules WHERE case_id = ${caseId}`;
    const view = await pending;
    expect(view.revision).toBe(revision + 1);
    expect(await suite.h.prisma.auditEntry.count({ where: { caseId, revision: revision + 1 } })).toBe(1);
    await eventually(
      () => listCaseAnomalies(suite.h.ctx.temporal),
      (list) => !list.some((a) => a.caseId === caseId),
    );
  });
});
