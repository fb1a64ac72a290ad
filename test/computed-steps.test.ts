import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDefinition } from '../processes/check.ts';
import { ProcessEngine } from '../processes/engine.ts';
import type { ProcessDefinition } from '../processes/model.ts';
import { DEFINITIONS } from '../processes/registry.ts';
import { bundleCaseWorkflows } from '../runtime/worker.ts';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import { caseViewQuery } from '../workflows/messages.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { soinsDemo } from './support/demo-domain/rules.ts';
import { DEMO_REFERENTIAL_OUTAGE, DEMO_TARIFFS_TABLE } from './support/demo-domain/services.ts';
import { type Harness, uniqueKey } from './support/harness.ts';
import { testDataConverter } from './support/payload-keys.ts';
import { as } from './support/people.ts';
import { eventsOf } from './support/temporal-history.ts';

// A computed step on the real Temporal server and PostgreSQL: the test domain's transition reads the
// tariff in force on the date of care from a table of its own, the value and its source enter the
// case and its audit entry, a guard reads it, a date without a tariff is refused in French — and once
// the table has changed, the case's history replays without asking again and keeps what it computed.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const agent = { id: 'u-agent', role: 'agent_ministere' as const };
const directeur = { id: 'u-directeur', role: 'directeur_ministere' as const };

let suite: ApiSuite;
let h: Harness;
let bundleCode: string;

beforeAll(async () => {
  const bundle = await bundleCaseWorkflows(path.join(root, 'test/support/demo-domain/workflows.ts'));
  bundleCode = bundle.code;
  suite = await createApiSuite({ bundle: { code: bundleCode } });
  h = suite.h;
  await h.prisma.$executeRawUnsafe(
    `CREATE TABLE ${DEMO_TARIFFS_TABLE} (acte text NOT NULL, debut date NOT NULL, fin date, montant integer NOT NULL, version integer NOT NULL)`,
  );
  await h.prisma.$executeRawUnsafe(
    `INSERT INTO ${DEMO_TARIFFS_TABLE} VALUES
       ('consultation', '2026-01-01', '2026-06-30', 5000, 1),
       ('consultation', '2026-07-01', NULL, 7500, 2),
       ('scanner', '2026-01-01', NULL, 45000, 1)`,
  );
});

afterAll(async () => {
  await suite?.close();
});

const open = async (acte: string) => {
  const { case: opened } = await startCase(h.ctx, {
    processId: 'demo-soins',
    businessKey: uniqueKey('SOINS'),
    organisationId: null,
    actor: agent,
    input: { acte },
  });
  return opened.caseId;
};

const declare = (caseId: string, dateSoins: string) =>
  sendEvent(h.ctx, { caseId, event: 'soins.declarer', actor: directeur, input: { dateSoins } });

const caseRow = (caseId: string) => h.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
const auditOf = (caseId: string) => h.prisma.auditEntry.findMany({ where: { caseId }, orderBy: { revision: 'asc' } });

describe('a computed step', () => {
  it('is checked like the rest of a definition', () => {
    expect(checkDefinition(soinsDemo, 'test/support/demo-domain/rules.ts', DEFINITIONS)).toEqual([]);
    const transition = soinsDemo.states.ouverte?.on?.['soins.declarer'];
    const withCompute = (compute: unknown, computed = soinsDemo.computed): ProcessDefinition => ({
      ...soinsDemo,
      computed,
      states: {
        ...soinsDemo.states,
        ouverte: { label: 'Ouverte', on: { 'soins.declarer': { ...transition, compute } as never } },
      },
    });
    const problems = (d: ProcessDefinition) => checkDefinition(d, 'soins.json', DEFINITIONS).join('\n');
    expect(
      problems(withCompute({ tarif: { name: 'tarifEnVigeur', params: { acte: 'acte', date: 'dateSoins' } } })),
    ).toContain('donnée calculée inconnue « tarifEnVigeur »');
    expect(problems(withCompute({ tarif: { name: 'tarifEnVigueurDemo', params: { acte: 'acte' } } }))).toContain(
      'attend { acte: champ, date: champ }',
    );
    expect(
      problems(
        withCompute(transition && 'compute' in transition ? transition.compute : {}, {
          tarifDouble: { type: 'integer', label: 'x' },
        }),
      ),
    ).toContain('compute.tarif : le champ doit être déclaré dans computed');
    const call = { tarif: { name: 'tarifEnVigueurDemo', params: { acte: 'acte', date: 'dateSoins' } } };
    expect(problems(withCompute(call, { tarif: { type: 'text', label: 'Tarif' } }))).toContain(
      'tarifEnVigueurDemo donne une valeur de type montant, mais computed la déclare de type text',
    );
    // A timer's event has no one to tell of a refusal: it may not compute.
    const byTimer: ProcessDefinition = {
      ...withCompute(call),
      durations: { delai: { label: 'Délai', default: 'P1D' } },
      events: { ...soinsDemo.events, 'soins.declarer': { label: 'Déclarer', roles: ['systeme'] } },
    };
    (byTimer.states.ouverte as { timers?: unknown }).timers = [{ after: 'delai', event: 'soins.declarer' }];
    expect(problems(byTimer)).toContain(
      'des données calculées (compute) ne sont prises que pour une action envoyée par une personne',
    );
  });

  it('is decided by the engine with the values the workflow computed, and not without them', () => {
    const engine = new ProcessEngine(soinsDemo);
    const current = { state: 'ouverte', context: { acte: 'scanner' } };
    const request = {
      event: 'soins.declarer',
      role: 'directeur_ministere' as const,
      input: { dateSoins: '2026-03-15' },
    };
    expect(engine.computationsFor('ouverte', 'soins.declarer')).toEqual({
      tarif: { name: 'tarifEnVigueurDemo', params: { acte: 'acte', date: 'dateSoins' } },
    });
    expect(engine.computationsFor('ouverte', 'soins.annuler')).toBeUndefined();
    expect(engine.check(current, request)).toBeUndefined();
    expect(engine.check(current, { ...request, input: {} })).toMatchObject({ code: 'saisie_invalide' });
    expect(engine.decide(current, request)).toMatchObject({ ok: false, code: 'condition_non_remplie' });
    expect(engine.decide(current, request, { tarif: 45_000 })).toMatchObject({
      ok: false,
      message: expect.stringContaining('Le tarif de 45000 FCFA dépasse le plafond'),
    });
    expect(engine.decide(current, request, { tarif: 3000 })).toMatchObject({
      ok: true,
      next: {
        state: 'liquidee',
        context: { acte: 'scanner', dateSoins: '2026-03-15', tarif: 3000, tarifDouble: 6000 },
      },
    });
  });

  it('enters the case with its source, reads the tariff in force on the date of care, and a guard reads it', async () => {
    const early = await open('consultation');
    const result = await declare(early, '2026-03-15');
    expect(result).toMatchObject({ state: 'liquidee', revision: 2 });
    expect((await caseRow(early)).context).toMatchObject({
      acte: 'consultation',
      dateSoins: '2026-03-15',
      tarif: 5000,
      tarifDouble: 10000,
    });
    const [, entry] = await auditOf(early);
    expect(entry).toMatchObject({
      event: 'soins.declarer',
      input: { dateSoins: '2026-03-15' },
      computed: {
        tarif: {
          computation: 'tarifEnVigueurDemo',
          value: 5000,
          source: { referential: DEMO_TARIFFS_TABLE, version: 1, asOf: '2026-03-15' },
        },
      },
    });

    // The same act later in the year: the tariff of that date, not today's first row.
    const late = await open('consultation');
    await declare(late, '2026-08-02');
    expect((await caseRow(late)).context).toMatchObject({ tarif: 7500 });
    expect((await auditOf(late))[1]?.computed).toMatchObject({ tarif: { value: 7500, source: { version: 2 } } });

    // A scanner's tariff is over the guard's ceiling: refused, nothing applied.
    const scanner = await open('scanner');
    await expect(declare(scanner, '2026-03-15')).rejects.toMatchObject({
      code: 'condition_non_remplie',
      message: expect.stringContaining('Le tarif de 45000 FCFA dépasse le plafond de 20000 FCFA'),
    });
    expect(await caseRow(scanner)).toMatchObject({ state: 'ouverte', revision: 1 });
    expect(await auditOf(scanner)).toHaveLength(1);

    // The history the API shows carries what was read, and from where.
    const read = await suite.api.gql(
      'query($id: ID!) { case(id: $id) { ... on Case { history { event computed } } } }',
      { id: early },
      as(suite.people.person.agentMinistere),
    );
    expect(read.data.case.history).toEqual([
      { event: 'dossier.ouvrir', computed: null },
      {
        event: 'soins.declarer',
        computed: {
          tarif: {
            computation: 'tarifEnVigueurDemo',
            value: 5000,
            source: { referential: DEMO_TARIFFS_TABLE, version: 1, asOf: '2026-03-15' },
          },
        },
      },
    ]);
  });

  it('is refused in French when no tariff is in force on that date, and nothing is applied', async () => {
    const caseId = await open('consultation');
    await expect(declare(caseId, '2025-12-31')).rejects.toMatchObject({
      code: 'condition_non_remplie',
      message:
        'L’action « Déclarer les soins » n’est pas possible : aucun tarif de l’acte « consultation » n’est en vigueur le 31/12/2025. ' +
        'Vérifiez la date des soins, ou faites publier le tarif de cette date avant de recommencer.',
    });
    expect(await caseRow(caseId)).toMatchObject({ state: 'ouverte', revision: 1 });
    const handle = h.ctx.temporal.workflow.getHandle(caseId);
    expect((await handle.query(caseViewQuery, 'directeur_ministere')).revision).toBe(1);
    // The refusal left the case as it was: the same event with a date that has a tariff goes through.
    await declare(caseId, '2026-02-01');
    expect((await caseRow(caseId)).context).toMatchObject({ tarif: 5000 });
  });

  it('replays from its history once the referential has changed, keeping the value it computed', async () => {
    const caseId = await open('consultation');
    await declare(caseId, '2026-04-10');
    await h.prisma.$executeRawUnsafe(
      `UPDATE ${DEMO_TARIFFS_TABLE} SET montant = 9999, version = 3 WHERE acte = 'consultation'`,
    );

    const handle = h.ctx.temporal.workflow.getHandle(caseId);
    const history = await handle.fetchHistory();
    // Replay against the same workflow code: no nondeterminism, no computation asked again.
    await Worker.runReplayHistory(
      { workflowBundle: { code: bundleCode }, dataConverter: testDataConverter() },
      history,
    );

    // A new worker has no cached case: the query below makes it replay the history from the server.
    await h.stopWorker();
    await h.startWorker();
    const view = await handle.query(caseViewQuery, 'directeur_ministere');
    expect(view).toMatchObject({ state: 'liquidee', context: { tarif: 5000, tarifDouble: 10000 } });
    expect((await caseRow(caseId)).context).toMatchObject({ tarif: 5000 });

    // A new case reads the referential as it now is.
    const next = await open('consultation');
    await declare(next, '2026-04-10');
    expect((await auditOf(next))[1]?.computed).toMatchObject({ tarif: { value: 9999, source: { version: 3 } } });
  });

  it('waits for a referential that does not answer, on durable timers, then takes the step once', async () => {
    const caseId = await open('consultation');
    DEMO_REFERENTIAL_OUTAGE.calls = 0;
    // More failures than the local activity's quick tries: the workflow goes on on a durable timer.
    DEMO_REFERENTIAL_OUTAGE.failuresLeft = 5;
    await declare(caseId, '2026-05-20');
    expect(DEMO_REFERENTIAL_OUTAGE).toEqual({ failuresLeft: 0, calls: 6 });
    expect(await caseRow(caseId)).toMatchObject({ state: 'liquidee', revision: 2 });
    expect((await auditOf(caseId)).map((e) => e.event)).toEqual(['dossier.ouvrir', 'soins.declarer']);
    const events = await eventsOf(h.ctx.temporal.workflow.getHandle(caseId));
    expect(events.filter((e) => e.timerStartedEventAttributes)).toHaveLength(1);
  });

  it('holds the case’s other events while it computes: they are decided on the case it left', async () => {
    const caseId = await open('consultation');
    DEMO_REFERENTIAL_OUTAGE.calls = 0;
    DEMO_REFERENTIAL_OUTAGE.failuresLeft = 5;
    const declared = declare(caseId, '2026-05-20');
    // The cancellation is sent once the step is computing (its first tries have failed).
    await expect.poll(() => DEMO_REFERENTIAL_OUTAGE.calls, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    // Its refusal is caught at once: it may come before the step's answer, and is read after it.
    const cancelled = sendEvent(h.ctx, { caseId, event: 'soins.annuler', actor: directeur }).then(
      () => 'accepté',
      (error: unknown) => error,
    );
    await declared;
    expect(await cancelled).toMatchObject({
      code: 'non_autorise',
      message: expect.stringContaining('Liquidée'),
    });
    expect(await caseRow(caseId)).toMatchObject({ state: 'liquidee', revision: 2 });
    expect((await auditOf(caseId)).map((e) => e.event)).toEqual(['dossier.ouvrir', 'soins.declarer']);
  });

  it('is refused, nothing applied, when the database refuses the computation’s query for good', async () => {
    const caseId = await open('consultation');
    await h.prisma.$executeRawUnsafe(`ALTER TABLE ${DEMO_TARIFFS_TABLE} RENAME TO demo_tarif_ailleurs`);
    try {
      DEMO_REFERENTIAL_OUTAGE.calls = 0;
      await expect(declare(caseId, '2026-05-20')).rejects.toMatchObject({
        code: 'condition_non_remplie',
        message: expect.stringContaining(
          'la base de données refuse la requête (code 42P01). Prévenez les administrateurs.',
        ),
      });
      // Not retried: no retry can make the table exist.
      expect(DEMO_REFERENTIAL_OUTAGE.calls).toBe(1);
      expect(await caseRow(caseId)).toMatchObject({ state: 'ouverte', revision: 1 });
    } finally {
      await h.prisma.$executeRawUnsafe(`ALTER TABLE demo_tarif_ailleurs RENAME TO ${DEMO_TARIFFS_TABLE}`);
    }
  });
});
