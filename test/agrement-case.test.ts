import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCase } from '../services/get-case.ts';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import type { Actor } from '../workflows/types.ts';
import { createHarness, type Harness, uniqueKey } from './support/harness.ts';
import { settled, timersOf } from './support/temporal-history.ts';

const gerant: Actor = { id: 'u-gerant-1', role: 'gerant_ipm' };
const agent: Actor = { id: 'u-agent-1', role: 'agent_ministere' };
const directeur: Actor = { id: 'u-dir-1', role: 'directeur_ministere' };
const PIECES = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];
const application = { denomination: 'IPM des Industries Réunies', typeIpm: 'interentreprises', effectif: 1200 };

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ durationOverrides: { 'agrement.delaiComplements': 'PT2S' } });
});
afterAll(() => h?.close());

const open = (key = uniqueKey('AGR')) =>
  startCase(h.ctx, {
    processId: 'agrement',
    version: 2,
    businessKey: key,
    organisationId: 'ipm-a',
    actor: gerant,
    input: application,
  });

describe('agrément: the happy path', () => {
  it('goes from draft to granted, each transition projected and audited', async () => {
    const { case: opened, created } = await open();
    expect(created).toBe(true);
    expect(opened.state).toBe('brouillon');
    expect(opened.availableEvents.map((e) => e.id)).toEqual(['dossier.soumettre', 'dossier.abandonner']);

    const caseId = opened.caseId;
    let view = await sendEvent(h.ctx, { caseId, event: 'dossier.soumettre', actor: gerant, input: { pieces: PIECES } });
    expect(view.state).toBe('soumis');
    expect((await getCase(h.ctx, caseId, 'agent_ministere'))?.state).toBe('soumis');

    view = await sendEvent(h.ctx, { caseId, event: 'recevabilite.valider', actor: agent });
    view = await sendEvent(h.ctx, {
      caseId,
      event: 'decision.accorder',
      actor: directeur,
      input: { observations: 'Conforme.' },
    });
    expect(view).toMatchObject({ state: 'accorde', terminal: true, revision: 4 });

    const projected = await getCase(h.ctx, caseId, 'gerant_ipm');
    expect(projected).toMatchObject({ state: 'accorde', terminal: true, revision: 4, availableEvents: [] });
    const audit = await h.prisma.auditEntry.findMany({ where: { caseId }, orderBy: { revision: 'asc' } });
    expect(audit.map((a) => [a.revision, a.fromState, a.event, a.toState, a.actorRole])).toEqual([
      [1, null, 'dossier.ouvrir', 'brouillon', 'gerant_ipm'],
      [2, 'brouillon', 'dossier.soumettre', 'soumis', 'gerant_ipm'],
      [3, 'soumis', 'recevabilite.valider', 'en_instruction', 'agent_ministere'],
      [4, 'en_instruction', 'decision.accorder', 'accorde', 'directeur_ministere'],
    ]);
    // One notification per holder of the role (or one marked `sans_destinataire` when nobody holds it):
    // other suites sharing the database may have created such users.
    await expect
      .poll(() =>
        h.prisma.notification
          .findMany({ where: { caseId }, orderBy: { revision: 'asc' } })
          .then((n) => [...new Set(n.map((x) => `${x.revision}:${x.kind}:${x.recipientRole}`))]),
      )
      .toEqual(['2:action_requise:agent_ministere', '3:action_requise:directeur_ministere', '4:decision:gerant_ipm']);
  });
});

describe('agrément: refused events leave the case unchanged', () => {
  it('refuses the wrong state, the wrong role, bad input and an unmet guard, with French messages', async () => {
    const { case: opened } = await open();
    const caseId = opened.caseId;
    const before = await h.ctx.temporal.workflow.getHandle(caseId).fetchHistory();

    await expect(sendEvent(h.ctx, { caseId, event: 'decision.accorder', actor: directeur })).rejects.toMatchObject({
      code: 'non_autorise',
      message:
        'L’action « Accorder l’agrément » n’est pas possible dans l’état « Brouillon » (rôle « Directeur (ministère) »).',
    });
    await expect(
      sendEvent(h.ctx, { caseId, event: 'dossier.soumettre', actor: agent, input: { pieces: PIECES } }),
    ).rejects.toMatchObject({
      code: 'non_autorise',
      message:
        'Le rôle « Agent du ministère » ne peut pas faire l’action « Soumettre le dossier » dans l’état « Brouillon ».',
    });
    await expect(
      sendEvent(h.ctx, {
        caseId,
        event: 'dossier.soumettre',
        actor: gerant,
        input: { pieces: ['statuts', 'inconnue'], extra: 1 },
      }),
    ).rejects.toMatchObject({
      code: 'saisie_invalide',
      message: 'Saisie invalide pour l’action « Soumettre le dossier » : 2 champs à corriger.',
      fieldErrors: {
        pieces: expect.stringContaining('« Pièces jointes au dossier » doit être une liste parmi'),
        extra: 'Champ inconnu « extra » : il ne fait pas partie de ce formulaire.',
      },
    });
    await expect(
      sendEvent(h.ctx, { caseId, event: 'dossier.soumettre', actor: gerant, input: { pieces: ['statuts'] } }),
    ).rejects.toMatchObject({
      code: 'condition_non_remplie',
      message: expect.stringContaining(
        'Éléments manquants : Liste des entreprises adhérentes, Effectifs, Projections financières, Organes de gouvernance.',
      ),
    });
    await expect(
      sendEvent(h.ctx, { caseId, event: 'delai.expirer', actor: { id: 'x', role: 'systeme' } }),
    ).rejects.toMatchObject({ code: 'non_autorise' });
    await expect(sendEvent(h.ctx, { caseId, event: 'nimporte.quoi', actor: gerant })).rejects.toMatchObject({
      code: 'evenement_inconnu',
    });

    // Refused by the validators: no update reached the history. (Other events may: the opening's
    // effects run in the background, and on a busy machine finish during the refusals.)
    const after = await h.ctx.temporal.workflow.getHandle(caseId).fetchHistory();
    const updates = (history: typeof after) =>
      (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
    expect(updates(after)).toBe(updates(before));
    expect(updates(before)).toBe(1);
    expect(await getCase(h.ctx, caseId, 'gerant_ipm')).toMatchObject({ state: 'brouillon', revision: 1 });
    expect(await h.prisma.auditEntry.count({ where: { caseId } })).toBe(1);
  });

  it('refuses an event sent on a stale revision', async () => {
    const { case: opened } = await open();
    await sendEvent(h.ctx, {
      caseId: opened.caseId,
      event: 'dossier.soumettre',
      actor: gerant,
      input: { pieces: PIECES },
      expectedRevision: 1,
    });
    await expect(
      sendEvent(h.ctx, { caseId: opened.caseId, event: 'dossier.abandonner', actor: gerant, expectedRevision: 1 }),
    ).rejects.toMatchObject({ code: 'conflit' });
  });

  it('refuses to open a case with bad data and starts nothing', async () => {
    const key = uniqueKey('AGR');
    await expect(
      startCase(h.ctx, {
        processId: 'agrement',
        version: 2,
        businessKey: key,
        organisationId: 'ipm-a',
        actor: gerant,
        input: { ...application, effectif: -3 },
      }),
    ).rejects.toMatchObject({
      code: 'saisie_invalide',
      fieldErrors: { effectif: '« Effectif salarié couvert » doit être au moins 1.' },
    });
    await expect(
      startCase(h.ctx, {
        processId: 'agrement',
        version: 2,
        businessKey: key,
        organisationId: 'ipm-a',
        actor: agent,
        input: application,
      }),
    ).rejects.toMatchObject({ code: 'non_autorise' });
    expect(await h.prisma.case.count({ where: { businessKey: key } })).toBe(0);
  });
});

describe('agrément: one case per business key', () => {
  it('gives the same case when the same key is submitted twice, even at once', async () => {
    const key = uniqueKey('AGR');
    const [a, b] = await Promise.all([open(key), open(key)]);
    expect(a.case.caseId).toBe(b.case.caseId);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const again = await open(key);
    expect(again).toMatchObject({ created: false, case: { caseId: a.case.caseId } });
    expect(await h.prisma.case.count({ where: { businessKey: key } })).toBe(1);
    expect(await h.prisma.auditEntry.count({ where: { caseId: a.case.caseId } })).toBe(1);
  });

  it('returns the closed case when its key comes again after it ended', async () => {
    const key = uniqueKey('AGR');
    const { case: opened } = await open(key);
    await sendEvent(h.ctx, { caseId: opened.caseId, event: 'dossier.abandonner', actor: gerant });
    await h.ctx.temporal.workflow.getHandle(opened.caseId).result();
    const again = await open(key);
    expect(again).toMatchObject({
      created: false,
      case: { caseId: opened.caseId, state: 'abandonne', terminal: true },
    });
  });
});

describe('agrément: simultaneous events', () => {
  it('lets exactly one of two conflicting events win', async () => {
    const { case: opened } = await open();
    const caseId = opened.caseId;
    await sendEvent(h.ctx, { caseId, event: 'dossier.soumettre', actor: gerant, input: { pieces: PIECES } });
    const results = await Promise.allSettled([
      sendEvent(h.ctx, { caseId, event: 'recevabilite.valider', actor: agent }),
      sendEvent(h.ctx, {
        caseId,
        event: 'recevabilite.demanderComplements',
        actor: { id: 'u-agent-2', role: 'agent_ministere' },
        input: { complementsDemandes: 'Joindre les statuts signés.' },
      }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'non_autorise' });
    expect(await h.prisma.auditEntry.count({ where: { caseId } })).toBe(3);
  });
});

describe('agrément: the deadline for complements', () => {
  it('closes the file without follow-up when the deadline passes, and tells the IPM', async () => {
    const { case: opened } = await open();
    const caseId = opened.caseId;
    await sendEvent(h.ctx, { caseId, event: 'dossier.soumettre', actor: gerant, input: { pieces: PIECES } });
    const asked = await sendEvent(h.ctx, {
      caseId,
      event: 'recevabilite.demanderComplements',
      actor: agent,
      input: { complementsDemandes: 'Joindre les statuts signés.' },
    });
    expect(asked.state).toBe('complements_demandes');
    expect(Date.parse(asked.dueAt ?? '') - Date.parse(asked.enteredAt)).toBe(2000);

    await expect
      .poll(async () => (await getCase(h.ctx, caseId, 'gerant_ipm'))?.state, { timeout: 15_000 })
      .toBe('classe_sans_suite');
    const last = await h.prisma.auditEntry.findFirst({ where: { caseId }, orderBy: { revision: 'desc' } });
    expect(last).toMatchObject({ event: 'delai.expirer', actorRole: 'systeme', fromState: 'complements_demandes' });
    await expect
      .poll(() => h.prisma.notification.count({ where: { caseId, kind: 'decision', recipientRole: 'gerant_ipm' } }))
      .toBe(1);
  });

  it('does not fire once the IPM has answered in time', async () => {
    const { case: opened } = await open();
    const caseId = opened.caseId;
    await sendEvent(h.ctx, { caseId, event: 'dossier.soumettre', actor: gerant, input: { pieces: PIECES } });
    await sendEvent(h.ctx, {
      caseId,
      event: 'recevabilite.demanderComplements',
      actor: agent,
      input: { complementsDemandes: 'Joindre les statuts signés.' },
    });
    // The deadline's timer, as Temporal holds it while the IPM has to answer.
    const handle = h.ctx.temporal.workflow.getHandle(caseId);
    await expect.poll(async () => (await timersOf(handle)).some((t) => t.outcome === 'pending')).toBe(true);
    const deadline = (await timersOf(handle)).filter((t) => t.outcome === 'pending').at(-1);
    const answered = await sendEvent(h.ctx, {
      caseId,
      event: 'complements.repondre',
      actor: gerant,
      input: { reponseComplements: 'Statuts joints.' },
    });
    expect(answered.state).toBe('soumis');
    // Cancelled, the timer can never fire: no need to wait for its time to pass.
    await expect
      .poll(async () => (await timersOf(handle)).find((t) => t.startedEventId === deadline?.startedEventId)?.outcome)
      .toBe('canceled');
    await expect.poll(() => settled(handle)).toBe(true);
    expect(await getCase(h.ctx, caseId, 'agent_ministere')).toMatchObject({ state: 'soumis', revision: 4 });
  });
});
