import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCase } from '../services/get-case.ts';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import type { Actor } from '../workflows/types.ts';
import { createHarness, type Harness, uniqueKey } from './support/harness.ts';

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
  startCase(h.ctx, { processId: 'agrement', businessKey: key, organisationId: 'ipm-a', actor: gerant, input: application });

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
    view = await sendEvent(h.ctx, { caseId, event: 'decision.accorder', actor: directeur, input: { observations: 'Conforme.' } });
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
    await expect
      .poll(() => h.prisma.notification.findMany({ where: { caseId }, orderBy: { revision: 'asc' } }).then((n) => n.map((x) => [x.revision, x.kind, x.recipientRole])))
      .toEqual([
        [2, 'action_requise', 'agent_ministere'],
        [4, 'decision', 'gerant_ipm'],
      ]);
  });
});
