import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCase } from '../services/start-case.ts';
import { VERSION } from '../workflows/search-attributes.ts';
import type { ApiServer } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { uniqueKey } from './support/harness.ts';
import { type Answer, COMPLETION, eventually, licensing, OPENING, PIECES } from './support/licensing.ts';
import type { People, Person } from './support/people.ts';
import { timersOf } from './support/temporal-history.ts';

// Two versions of the agrément side by side: version 3 (ICAMO's opinion optional) and version 4
// (mandatory). A case stays on the version it opened with; an administrator may move chosen running
// cases to version 4 with a mapping of states, checked for every case before any moves, and the
// move keeps the case's pending deadline.

let suite: ApiSuite;
let api: ApiServer;
let people: People;
let l: ReturnType<typeof licensing>;

beforeAll(async () => {
  suite = await createApiSuite({ durationOverrides: { 'agrement.delaiComplements': 'PT8S' } });
  ({ api, people } = suite);
  l = licensing(api);
});
afterAll(() => suite?.close());

const gerant = () => people.person.gerantA;
const agent = () => people.person.agentMinistere;
const REPORT = { rapportInstruction: 'Dossier complet et conforme.', propositionDecision: 'accorder' };

/** A case opened on version 3, as it was before version 4 was deployed, and submitted. */
async function openedOnVersion3(person: Person = gerant()): Promise<string> {
  const { case: opened } = await startCase(suite.h.ctx, {
    processId: 'agrement',
    version: 3,
    businessKey: uniqueKey('V3'),
    organisationId: person.organisationId,
    actor: { id: person.id, role: person.role },
    input: OPENING,
  });
  await l.act(person, opened.caseId, 'demande.completer', COMPLETION);
  await l.uploadPieces(person, opened.caseId);
  await l.act(person, opened.caseId, 'dossier.soumettre');
  return opened.caseId;
}

const MIGRATE = `mutation($input: MigrateCasesInput!) { migrateCases(input: $input) {
  __typename ... on MigrationReport { checked moved cases { caseId ok from to problems } } ... on Error { code message } } }`;

const IDENTITY = ['brouillon', 'soumis', 'complements_demandes', 'en_instruction', 'avis_icamo', 'en_decision'].map(
  (state) => ({ from: state, to: state }),
);

const migrate = async (caseIds: string[], mapping = IDENTITY, dryRun = false) =>
  (
    await l.run(people.person.admin, MIGRATE, {
      input: { processId: 'agrement', toVersion: 4, caseIds, mapping, dryRun },
    })
  ).migrateCases as Answer;

describe('two versions side by side', () => {
  it('keeps each case on its version: the opinion is optional in 3, required in 4', async () => {
    const old = await openedOnVersion3();
    const fresh = await l.submitted(gerant());
    expect((await l.read(gerant(), old)).version).toBe(3);
    expect((await l.read(gerant(), fresh)).version).toBe(4);
    for (const caseId of [old, fresh])
      await l.act(agent(), caseId, 'recevabilite.valider', { piecesVerifiees: PIECES });

    expect(await l.act(agent(), old, 'instruction.conclure', REPORT)).toMatchObject({
      state: 'en_decision',
      version: 3,
    });
    const refused = await l.send(agent(), fresh, 'instruction.conclure', REPORT);
    expect(refused).toMatchObject({ __typename: 'NotAllowedError', code: 'condition_non_remplie' });
    expect(refused.message).toContain('L’avis de l’ICAMO est obligatoire');

    await l.act(people.person.directeur, old, 'decision.accorder');
    expect((await l.read(gerant(), old)).state).toBe('accorde');
  });
});

describe('moving running cases to version 4', () => {
  it('checks every case first and moves none when one cannot move', async () => {
    const ready = await openedOnVersion3();
    await l.act(agent(), ready, 'recevabilite.valider', { piecesVerifiees: PIECES });
    const waiting = await openedOnVersion3();
    await l.act(agent(), waiting, 'recevabilite.demanderComplements', {
      complementsDemandes: 'Joindre les statuts signés.',
    });

    // The deadline of « Compléments demandés » would be lost in « Soumis »; a state nobody mapped.
    const lossy = IDENTITY.map((m) => (m.from === 'complements_demandes' ? { ...m, to: 'soumis' } : m));
    const report = await migrate([ready, waiting, 'agrement/ailleurs/NON'], lossy);
    expect(report).toEqual({
      __typename: 'MigrationReport',
      checked: false,
      moved: 0,
      cases: [
        { caseId: ready, ok: true, from: 'en_instruction', to: 'en_instruction', problems: [] },
        {
          caseId: waiting,
          ok: false,
          from: 'complements_demandes',
          to: 'soumis',
          problems: [
            'La minuterie « Expiration du délai de réponse » de l’état « Compléments demandés » est en cours : ' +
              'l’état « Soumis, recevabilité à examiner » de la version 4 ne l’a pas, elle serait perdue.',
          ],
        },
        {
          caseId: 'agrement/ailleurs/NON',
          ok: false,
          from: null,
          to: null,
          problems: ['Dossier introuvable pour ce processus.'],
        },
      ],
    });
    const unmapped = await migrate([ready], [{ from: 'soumis', to: 'inconnu' }]);
    expect(unmapped.cases[0].problems).toEqual([
      'L’état « inconnu » n’existe pas dans la version 4.',
      'L’état actuel du dossier, « En instruction », n’a pas de correspondance dans la version 4.',
    ]);
    // Nothing moved.
    for (const caseId of [ready, waiting]) expect((await l.read(gerant(), caseId)).version).toBe(3);
    expect(await migrate([ready], IDENTITY, true)).toMatchObject({ checked: true, moved: 0 });
    expect((await l.read(gerant(), ready)).version).toBe(3);
  });

  it('moves them, shows the move in the history, and the new version’s rules apply from then on', async () => {
    const caseId = await openedOnVersion3();
    await l.act(agent(), caseId, 'recevabilite.valider', { piecesVerifiees: PIECES });
    const before = await l.read(agent(), caseId);

    const report = await migrate([caseId]);
    expect(report).toMatchObject({ checked: true, moved: 1, cases: [{ caseId, ok: true, to: 'en_instruction' }] });
    // Asked again (a retried request), it lands once.
    expect(await migrate([caseId])).toMatchObject({
      checked: false,
      cases: [{ problems: ['Le dossier est déjà en version 4.'] }],
    });

    const moved = await l.read(agent(), caseId);
    expect(moved).toMatchObject({ version: 4, state: 'en_instruction', revision: before.revision + 1 });
    expect(moved.history.at(-1)).toMatchObject({
      event: 'dossier.migrer',
      eventLabel: 'Passage de la version 3 à la version 4',
      actorRole: 'administrateur',
      fromStateLabel: 'En instruction',
      toStateLabel: 'En instruction',
      input: { versionPrecedente: 3, version: 4 },
    });
    const described = await suite.h.ctx.temporal.workflow.getHandle(caseId).describe();
    expect(described.typedSearchAttributes.get(VERSION)).toBe(4);

    expect(await l.send(agent(), caseId, 'instruction.conclure', REPORT)).toMatchObject({
      __typename: 'NotAllowedError',
      code: 'condition_non_remplie',
    });
    await l.act(agent(), caseId, 'avis.demander', { questionsAvis: 'Gouvernance de l’IPM interentreprises.' });
    await l.act(people.person.analyste, caseId, 'avis.rendre', {
      avisIcamo: 'reserve',
      motivationAvis: 'Renforcer la commission de contrôle.',
    });
    expect(await l.act(agent(), caseId, 'instruction.conclure', REPORT)).toMatchObject({
      state: 'en_decision',
      version: 4,
    });
  });

  it('keeps a pending deadline: the moved case still closes when its time runs out', async () => {
    const caseId = await openedOnVersion3();
    await l.act(agent(), caseId, 'recevabilite.demanderComplements', {
      complementsDemandes: 'Joindre le procès-verbal de l’assemblée constitutive.',
    });
    const asked = await suite.h.prisma.auditEntry.findFirstOrThrow({
      where: { caseId, event: 'recevabilite.demanderComplements' },
    });
    expect(await migrate([caseId])).toMatchObject({ moved: 1 });
    const closed = await eventually(
      () => l.read(gerant(), caseId),
      (c) => c.state === 'classe_sans_suite',
      20_000,
    );
    expect(closed.version).toBe(4);
    const expiry = await suite.h.prisma.auditEntry.findFirstOrThrow({ where: { caseId, event: 'delai.expirer' } });
    // Counted from when the case entered the step, not from the move: the timer that fired was set, on
    // the workflow's clock, for the step's entry plus its 8 s.
    expect(expiry.at.getTime() - asked.at.getTime()).toBeGreaterThanOrEqual(8000);
    const fired = (await timersOf(suite.h.ctx.temporal.workflow.getHandle(caseId))).filter(
      (t) => t.outcome === 'fired',
    );
    expect(Math.abs((fired.at(-1)?.firesAt ?? 0) - (asked.at.getTime() + 8000))).toBeLessThanOrEqual(1);
  });
});
