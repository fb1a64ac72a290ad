import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordTransition } from '../activities/record-transition.ts';
import { checkDefinition } from '../processes/check.ts';
import { DEFINITIONS } from '../processes/registry.ts';
import { bundleCaseWorkflows } from '../runtime/worker.ts';
import { listCaseRecords } from '../services/records/list-records.ts';
import { setLineStatuses, writeLines } from '../services/records/write-lines.ts';
import type { TransitionRecord } from '../workflows/types.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { uniqueKey } from './support/harness.ts';
import { DEMO_AYANT_TABLE, declarationDemo } from './support/lines-domain/rules.ts';
import { as } from './support/people.ts';

// Records and lines: a domain of the tests only (test/support/lines-domain/) keeps a declaration's
// dependants as rows of a table of its own, written with the transition's projection, each with its
// status and reason, listed a page at a time; batches write and adjudicate lines by the thousand.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let suite: ApiSuite;

beforeAll(async () => {
  const bundle = await bundleCaseWorkflows(path.join(root, 'test/support/lines-domain/workflows.ts'));
  suite = await createApiSuite({ bundle: { code: bundle.code } });
  await suite.h.prisma.$executeRawUnsafe(DEMO_AYANT_TABLE);
  // A status the domain's table refuses: lets a test make the records' part of a statement fail.
  await suite.h.prisma.$executeRawUnsafe(
    `ALTER TABLE "DemoAyant" ADD CONSTRAINT "DemoAyant_nom_court" CHECK (length("nom") <= 40)`,
  );
}, 120_000);

afterAll(async () => {
  await suite?.close();
});

const rowsOf = (caseId: string) =>
  suite.h.prisma.$queryRawUnsafe<
    { numero: number; nom: string; lien: string; statut: string; motif: string | null; revision: number }[]
  >(
    `SELECT "numero", "nom", "lien", "statut", "motif", "revision" FROM "DemoAyant" WHERE "caseId" = $1 ORDER BY "numero"`,
    caseId,
  );

describe('records and lines', () => {
  it('is checked like the rest of a definition', () => {
    expect(checkDefinition(declarationDemo, 'test/support/lines-domain/rules.ts', DEFINITIONS)).toEqual([]);
    const wrong = structuredClone(declarationDemo);
    const on = wrong.states.ouverte?.on as Record<string, { records?: unknown[] }>;
    (on['ayant.refuser'] as { records: unknown[] }).records = [
      { kind: 'ayantDemo', columns: { numero: 'numero', age: 'motif' } },
      { kind: 'ayantInconnu', columns: {} },
    ];
    const problems = checkDefinition(wrong, 'rules.ts', DEFINITIONS).join('\n');
    expect(problems).toContain('« ayantDemo » n’a pas de colonne « age »');
    expect(problems).toContain('enregistrement inconnu « ayantInconnu »');
  });

  it('writes a transition’s rows with its projection, keeps none of its input in the case, and lists them a page at a time', async () => {
    const { api, people } = suite;
    const started = await api.gql(
      `mutation($input: StartCaseInput!) {
        startCase(input: $input) { __typename ... on StartCasePayload { case { id revision } } ... on Error { message } }
      }`,
      { input: { processId: 'demo-declaration', idempotencyKey: uniqueKey('DECL'), input: { titre: 'Famille' } } },
      as(people.person.agentMinistere),
    );
    const caseId = started.data.startCase.case.id as string;
    const send = (event: string, input: Record<string, unknown>) =>
      api.gql(
        `mutation($input: SendEventInput!) {
          sendEvent(input: $input) {
            __typename ... on CasePayload { case { revision context } } ... on Error { code message }
            ... on InvalidInputError { fields { field message } }
          }
        }`,
        { input: { caseId, event, input } },
        as(people.person.agentMinistere),
      );
    const ayants = [
      { numero: 1, nom: 'Awa Diop', lien: 'conjoint' },
      { numero: 2, nom: 'Moussa Diop', lien: 'enfant' },
      { numero: 3, nom: 'Fatou Diop', lien: 'enfant' },
    ];

    // Twice the same dependant: refused, nothing written.
    const twice = await send('ayants.declarer', { nombre: 2, ayants: [ayants[0], { ...ayants[1], numero: 1 }] });
    expect(twice.data.sendEvent.__typename).toBe('InvalidInputError');
    expect(twice.data.sendEvent.message).toContain(
      'Deux lignes « Ayants droit (démonstration) » portent le même Numéro (1)',
    );
    expect(await rowsOf(caseId)).toEqual([]);

    const declared = await send('ayants.declarer', { nombre: 3, ayants });
    expect(declared.data.sendEvent.__typename).toBe('CasePayload');
    // The input fed a calculation and the rows; the case keeps neither field.
    const context = declared.data.sendEvent.case.context as Record<string, unknown>;
    expect(context).toMatchObject({ titre: 'Famille', declares: 3 });
    expect(context).not.toHaveProperty('ayants');
    expect(context).not.toHaveProperty('nombre');
    // Written with the projection: when sendEvent answers, the rows are there, at its revision.
    expect(await rowsOf(caseId)).toEqual(ayants.map((a) => ({ ...a, statut: 'declare', motif: null, revision: 2 })));

    const refused = await send('ayant.refuser', { numero: 2, motif: 'Âge limite dépassé' });
    expect(refused.data.sendEvent, JSON.stringify(refused)).toMatchObject({ case: { revision: 3 } });
    // Only the columns the transition writes change: the name stays.
    expect((await rowsOf(caseId))[1]).toEqual({
      numero: 2,
      nom: 'Moussa Diop',
      lien: 'enfant',
      statut: 'refuse',
      motif: 'Âge limite dépassé',
      revision: 3,
    });

    const page = (args: string, who = people.person.agentMinistere) =>
      api.gql(
        `{ caseRecords(caseId: "${caseId}", kind: "ayantDemo"${args}) {
            __typename
            ... on CaseRecordPage { kindLabel totalCount hasNextPage endCursor items { key status statusLabel reason fields } }
            ... on Error { message }
          } }`,
        {},
        as(who),
      );
    const first = (await page(', first: 2')).data.caseRecords;
    expect(first).toMatchObject({ kindLabel: 'Ayants droit (démonstration)', totalCount: 3, hasNextPage: true });
    expect(first.items.map((i: { key: number[] }) => i.key)).toEqual([[1], [2]]);
    expect(first.items[1]).toMatchObject({ status: 'refuse', statusLabel: 'Refusé', reason: 'Âge limite dépassé' });
    const second = (await page(`, first: 2, after: "${first.endCursor}"`)).data.caseRecords;
    expect(second).toMatchObject({ hasNextPage: false, items: [{ key: [3], fields: { nom: 'Fatou Diop' } }] });
    const onlyRefused = (await page(', status: "refuse"')).data.caseRecords;
    expect(onlyRefused).toMatchObject({ totalCount: 1, items: [{ key: [2] }] });

    const badStatus = (await page(', status: "perdu"')).data.caseRecords;
    expect(badStatus).toMatchObject({ __typename: 'InvalidInputError' });
    expect(badStatus.message).toContain('Statut inconnu « perdu »');
    const badCursor = (await page(', after: "pas-un-curseur"')).data.caseRecords;
    expect(badCursor.message).toContain('Curseur de pagination invalide');
    // Another organisation's person does not learn the case exists.
    expect((await page('', people.person.gerantB)).data.caseRecords.__typename).toBe('NotFoundError');

    // The audit entry keeps what was declared: the history still says it.
    const audit = await suite.h.prisma.auditEntry.findUniqueOrThrow({
      where: { caseId_revision: { caseId, revision: 2 } },
    });
    expect(audit.input).toMatchObject({ nombre: 3, ayants });
  }, 120_000);

  it('writes the case and its rows together or not at all', async () => {
    const kase = await suite.h.prisma.case.findFirstOrThrow({ where: { processId: 'demo-declaration' } });
    const record = (revision: number, nom: string): TransitionRecord => ({
      caseId: kase.id,
      processId: 'demo-declaration',
      version: 1,
      businessKey: kase.businessKey,
      organisationId: kase.organisationId,
      openedBy: kase.startedBy,
      openedAt: kase.createdAt.getTime(),
      revision,
      at: Date.now(),
      actor: { id: kase.startedBy, role: 'agent_ministere' },
      event: 'ayants.declarer',
      from: 'ouverte',
      to: 'ouverte',
      input: {},
      context: { ...(kase.context as object), marque: revision },
      terminal: false,
      enteredAt: kase.enteredAt.getTime(),
      dueAt: null,
      parentCaseId: null,
      records: [{ kind: 'ayantDemo', rows: [{ numero: 9, nom, lien: 'enfant', statut: 'declare' }] }],
    });
    const next = kase.revision + 1;
    // The table refuses the row: neither the case nor its audit entry moves.
    await expect(recordTransition(suite.h.prisma, record(next, 'x'.repeat(41)))).rejects.toThrow();
    expect((await suite.h.prisma.case.findUniqueOrThrow({ where: { id: kase.id } })).revision).toBe(kase.revision);
    expect(await suite.h.prisma.auditEntry.count({ where: { caseId: kase.id, revision: next } })).toBe(0);
    // Accepted, then retried, then an older revision arriving late: the row keeps the latest.
    await recordTransition(suite.h.prisma, record(next, 'Ndeye'));
    await recordTransition(suite.h.prisma, record(next, 'Ndeye'));
    await recordTransition(suite.h.prisma, record(next - 1, 'Ancien nom'));
    const nine = (await rowsOf(kase.id)).find((r) => r.numero === 9);
    expect(nine).toMatchObject({ nom: 'Ndeye', revision: next });
    // A later workflow task's write of that revision (the first task died before Temporal recorded it)
    // replaces its rows with the case's.
    await recordTransition(suite.h.prisma, { ...record(next, 'Ndeye Sarr'), fence: 50 });
    await recordTransition(suite.h.prisma, record(next, 'Ndeye'));
    expect((await rowsOf(kase.id)).find((r) => r.numero === 9)).toMatchObject({ nom: 'Ndeye Sarr', revision: next });
  });

  it('takes a claim’s thousands of lines a chunk at a time, once, and pages through them in order', async () => {
    const kase = await suite.h.prisma.case.findFirstOrThrow({ where: { processId: 'demo-declaration' } });
    const caseId = kase.id;
    const lines = Array.from({ length: 5000 }, (_, i) => ({ numero: 100 + i, nom: `Ligne ${i}`, lien: 'enfant' }));
    for (let i = 0; i < lines.length; i += 1000)
      await writeLines(suite.h.prisma, 'ayantDemo', caseId, 7, lines.slice(i, i + 1000));
    // A chunk run again after a worker died: nothing changes.
    await writeLines(
      suite.h.prisma,
      'ayantDemo',
      caseId,
      7,
      lines.slice(0, 1000).map((l) => ({ ...l, nom: 'écrasé' })),
    );
    const refusals = lines
      .slice(0, 1200)
      .filter((_, i) => i % 3 === 0)
      .map((l) => ({ key: [l.numero], status: 'refuse', reason: 'Acte non couvert' }));
    await setLineStatuses(suite.h.prisma, 'ayantDemo', caseId, refusals);
    await setLineStatuses(suite.h.prisma, 'ayantDemo', caseId, refusals);

    const seen: number[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listCaseRecords(suite.h.prisma, {
        caseId,
        kind: 'ayantDemo',
        first: 500,
        ...(after ? { after } : {}),
      });
      seen.push(...page.items.filter((i) => Number(i.key[0]) >= 100).map((i) => Number(i.key[0])));
      if (page.items.some((i) => i.key[0] === 100))
        expect(page.items.find((i) => i.key[0] === 100)?.fields.nom).toBe('Ligne 0');
      if (!page.hasNextPage) break;
      after = page.endCursor ?? undefined;
    }
    expect(seen).toEqual(lines.map((l) => l.numero));
    const refused = await listCaseRecords(suite.h.prisma, { caseId, kind: 'ayantDemo', status: 'refuse', first: 1 });
    // The 400 refused lines, and the dependant refused by its transition earlier in the suite.
    expect(refused.totalCount).toBe(refusals.length + 1);
    await expect(
      setLineStatuses(suite.h.prisma, 'ayantDemo', caseId, [{ key: [100], status: 'perdu' }]),
    ).rejects.toThrow('Statut inconnu « perdu »');
  }, 60_000);
});
