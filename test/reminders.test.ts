import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCase } from '../services/get-case.ts';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import type { Actor } from '../workflows/types.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { createHarness, type Harness, uniqueKey } from './support/harness.ts';
import { createMailLab, type MailLab, recipientOf, seedPeople } from './support/mail.ts';
import { settled, timersOf } from './support/temporal-history.ts';

// Reminders, escalations and deadline warnings: durable timers the definition names (agrément v2),
// at short configured durations, through a real SMTP conversation; none once the step moved in time.

const gerant: Actor = { id: 'u-gerant', role: 'gerant_ipm' };
const agent: Actor = { id: 'u-agent', role: 'agent_ministere' };
const PIECES = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];
const application = { denomination: 'IPM des Huileries', typeIpm: 'interentreprises', effectif: 700 };

let db: TestDatabase;
let lab: MailLab;
let h: Harness;

beforeAll(async () => {
  db = await createTestDatabase();
  lab = await createMailLab();
  h = await createHarness({
    databaseUrl: db.url,
    dependencies: { mail: lab.settings, dataDir: lab.dataDir },
    durationOverrides: {
      'agrement.examenRecevabilite': 'PT2S',
      'agrement.delaiEscalade': 'PT2S',
      'agrement.delaiComplements': 'PT6S',
      'agrement.preavisComplements': 'PT3S',
    },
  });
  await seedPeople(
    h.prisma,
    [
      { id: 'ministere', kind: 'MINISTERE', name: 'Ministère du Travail' },
      { id: 'ipm-huileries', kind: 'IPM', name: 'IPM des Huileries' },
    ],
    [
      {
        id: 'u-agent',
        email: 'agent@travail.test',
        displayName: 'Awa Ndiaye',
        organisationId: 'ministere',
        roles: ['agent_ministere'],
      },
      {
        id: 'u-dir',
        email: 'directeur@travail.test',
        displayName: 'Mamadou Diop',
        organisationId: 'ministere',
        roles: ['directeur_ministere'],
      },
      {
        id: 'u-gerant',
        email: 'gerant@huileries.test',
        displayName: 'Aminata Ba',
        organisationId: 'ipm-huileries',
        roles: ['gerant_ipm'],
      },
    ],
  );
});
afterAll(async () => {
  await h?.close();
  await lab?.close();
  await db?.drop();
});

const open = async () =>
  (
    await startCase(h.ctx, {
      processId: 'agrement',
      version: 2,
      businessKey: uniqueKey('SLA'),
      organisationId: 'ipm-huileries',
      actor: gerant,
      input: application,
    })
  ).case.caseId;

const notices = (caseId: string) =>
  h.prisma.notification
    .findMany({ where: { caseId }, orderBy: { id: 'asc' } })
    .then((rows) => rows.map((n) => `${n.kind}→${n.recipientEmail}`));

describe('a step that overruns its target duration', () => {
  it('reminds the agent when it is due, then alerts the director', async () => {
    const caseId = await open();
    const submitted = await sendEvent(h.ctx, {
      caseId,
      event: 'dossier.soumettre',
      actor: gerant,
      input: { pieces: PIECES },
    });
    expect(submitted.version).toBe(2);
    expect(Date.parse(submitted.dueAt ?? '') - Date.parse(submitted.enteredAt)).toBe(2000);

    await expect
      .poll(() => notices(caseId), { timeout: 15_000 })
      .toEqual(['action_requise→agent@travail.test', 'retard→agent@travail.test', 'escalade→directeur@travail.test']);
    const reminder = await h.prisma.notification.findFirstOrThrow({ where: { caseId, kind: 'retard' } });
    expect(reminder.revision).toBe(2);

    const businessKey = caseId.split('/')[2] as string;
    await expect
      .poll(async () =>
        (await lab.caught())
          .filter((m) => m.subject?.includes(businessKey))
          .map((m) => `${recipientOf(m)}: ${m.subject}`)
          .sort(),
      )
      .toEqual([
        `agent@travail.test: Dossier ${businessKey} : l’étape « Soumis, recevabilité à examiner » est en retard`,
        `agent@travail.test: Dossier ${businessKey} : votre action est attendue`,
        `directeur@travail.test: Dossier ${businessKey} : une étape en retard vous est signalée`,
      ]);
    // The timers fired once each, whatever the replays: two reminders, no more, for this step. Once
    // the workflow has acted on every timer fired so far, the notices are all there is.
    const handle = h.ctx.temporal.workflow.getHandle(caseId);
    await expect.poll(() => settled(handle), { timeout: 15_000 }).toBe(true);
    expect((await timersOf(handle)).filter((t) => t.outcome === 'fired')).toHaveLength(2);
    expect((await notices(caseId)).filter((n) => n.startsWith('retard') || n.startsWith('escalade'))).toHaveLength(2);
  });

  it('sends nothing when the step is done in time', async () => {
    const caseId = await open();
    await sendEvent(h.ctx, { caseId, event: 'dossier.soumettre', actor: gerant, input: { pieces: PIECES } });
    // The reminder's timer, as Temporal holds it while the step is open.
    const handle = h.ctx.temporal.workflow.getHandle(caseId);
    await expect.poll(async () => (await timersOf(handle)).some((t) => t.outcome === 'pending')).toBe(true);
    const reminders = (await timersOf(handle)).filter((t) => t.outcome === 'pending');
    await sendEvent(h.ctx, { caseId, event: 'recevabilite.valider', actor: agent });
    // Cancelled, those timers can never ring: no need to wait for their time to pass.
    await expect
      .poll(async () =>
        (await timersOf(handle))
          .filter((t) => reminders.some((r) => r.startedEventId === t.startedEventId))
          .map((t) => t.outcome),
      )
      .toEqual(reminders.map(() => 'canceled'));
    await expect.poll(() => settled(handle)).toBe(true);
    expect((await timersOf(handle)).filter((t) => t.outcome === 'fired')).toEqual([]);
    expect((await notices(caseId)).filter((n) => /^(retard|escalade)/.test(n))).toEqual([]);
    expect((await getCase(h.ctx, caseId, 'agent_ministere'))?.state).toBe('en_instruction');
  });
});

describe('a deadline the IPM must meet', () => {
  it('warns the gérant before it, then closes the file when it passes', async () => {
    const caseId = await open();
    await sendEvent(h.ctx, { caseId, event: 'dossier.soumettre', actor: gerant, input: { pieces: PIECES } });
    await sendEvent(h.ctx, {
      caseId,
      event: 'recevabilite.demanderComplements',
      actor: agent,
      input: { complementsDemandes: 'Joindre les statuts signés.' },
    });
    await expect.poll(() => notices(caseId), { timeout: 10_000 }).toContain('echeance_proche→gerant@huileries.test');
    expect((await getCase(h.ctx, caseId, 'gerant_ipm'))?.state).toBe('complements_demandes');
    await expect
      .poll(async () => (await getCase(h.ctx, caseId, 'gerant_ipm'))?.state, { timeout: 15_000 })
      .toBe('classe_sans_suite');
    const documents = await h.prisma.document.findMany({ where: { caseId } });
    expect(documents.map((d) => d.kind)).toEqual(['demande_complements']);
  });
});
