import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../activities/index.ts';
import { caseHistory } from '../services/case-history.ts';
import { listCaughtMail, readCaughtMail } from '../services/mail/caught-mail.ts';
import { deliverMail } from '../services/mail/deliver.ts';
import { ensureDigestSchedule } from '../services/mail/digest-schedule.ts';
import { notificationPreferences, setNotificationPreference } from '../services/mail/preferences.ts';
import { recordNotifications } from '../services/mail/record.ts';
import { resendMail, undeliveredMail } from '../services/mail/resend.ts';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import type { Actor } from '../workflows/types.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { createHarness, type Harness, uniqueKey } from './support/harness.ts';
import { createMailLab, type MailLab, PUBLIC_URL, recipientOf, seedPeople } from './support/mail.ts';

// Mail end to end: a real SMTP conversation with the in-process catcher, recipients from roles and
// organisations, once-only recording and sending, retries, failures, the daily digest and the
// reminders the case workflow's timers will send. A database of its own: the people created here
// hold national roles, which every case of every other suite would otherwise notify.

const fatou: Actor = { id: 'u-fatou', role: 'gerant_ipm' };
const awa: Actor = { id: 'u-awa', role: 'agent_ministere' };
const PIECES = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];
const application = { denomination: 'IPM des Industries Réunies', typeIpm: 'interentreprises', effectif: 1200 };

let db: TestDatabase;
let lab: MailLab;
let h: Harness;
let activities: ReturnType<typeof createActivities>;

beforeAll(async () => {
  db = await createTestDatabase();
  lab = await createMailLab();
  h = await createHarness({ databaseUrl: db.url, dependencies: { mail: lab.settings, dataDir: lab.dataDir } });
  activities = createActivities({ prisma: h.prisma, mail: lab.settings, dataDir: lab.dataDir });
  await seedPeople(
    h.prisma,
    [
      { id: 'ministere', kind: 'MINISTERE', name: 'Ministère du Travail (DPS)' },
      { id: 'ipm-dakar', kind: 'IPM', name: 'IPM des Industries Réunies' },
      { id: 'ipm-thies', kind: 'IPM', name: 'IPM de Thiès' },
      { id: 'ipm-vide', kind: 'IPM', name: 'IPM sans gérant' },
    ],
    [
      {
        id: 'u-awa',
        email: 'awa.ndiaye@sante.test',
        displayName: 'Awa Ndiaye',
        organisationId: 'ministere',
        roles: ['agent_ministere'],
      },
      {
        id: 'u-moussa',
        email: 'moussa.fall@sante.test',
        displayName: 'Moussa Fall',
        organisationId: 'ministere',
        roles: ['agent_ministere'],
      },
      {
        id: 'u-ancien',
        email: 'ancien.agent@sante.test',
        displayName: 'Ancien Agent',
        organisationId: 'ministere',
        roles: ['agent_ministere'],
        active: false,
      },
      {
        id: 'u-directrice',
        email: 'khady.sarr@sante.test',
        displayName: 'Khady Sarr',
        organisationId: 'ministere',
        roles: ['directeur_ministere'],
      },
      {
        id: 'u-fatou',
        email: 'fatou.diop@ipm-dakar.test',
        displayName: 'Fatou Diop',
        organisationId: 'ipm-dakar',
        roles: ['gerant_ipm'],
      },
      {
        id: 'u-omar',
        email: 'omar.ba@ipm-thies.test',
        displayName: 'Omar Ba',
        organisationId: 'ipm-thies',
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

const openAndSubmit = async (organisationId = 'ipm-dakar') => {
  const { case: opened } = await startCase(h.ctx, {
    processId: 'agrement',
    version: 2,
    businessKey: uniqueKey('AGR'),
    organisationId,
    actor: fatou,
    input: application,
  });
  await sendEvent(h.ctx, {
    caseId: opened.caseId,
    event: 'dossier.soumettre',
    actor: fatou,
    input: { pieces: PIECES },
  });
  // Until the submission's messages are out, so that no send is still under way when a test goes on.
  await expect
    .poll(
      () =>
        h.prisma.notification.count({ where: { caseId: opened.caseId, revision: 2, status: { not: 'a_envoyer' } } }),
      { timeout: 20_000 },
    )
    .toBe(2);
  return opened;
};

const statuses = (caseId: string, revision: number) =>
  h.prisma.notification
    .findMany({ where: { caseId, revision }, orderBy: { recipientRole: 'asc' } })
    .then((rows) => rows.map((n) => `${n.recipientUserId ?? n.recipientRole}:${n.kind}:${n.status}`).sort());

const mailsAbout = async (businessKey: string) => (await lab.caught()).filter((m) => m.subject?.includes(businessKey));

describe('a message over real SMTP', () => {
  it('tells the ministry’s active agents, in French, what happened, what to do, by when, with a link', async () => {
    const opened = await openAndSubmit();
    await expect
      .poll(() => statuses(opened.caseId, 2))
      .toEqual(['u-awa:action_requise:envoye', 'u-moussa:action_requise:envoye']);

    const mails = await mailsAbout(opened.businessKey);
    expect(mails.map(recipientOf).sort()).toEqual(['awa.ndiaye@sante.test', 'moussa.fall@sante.test']);
    const mail = mails.find((m) => recipientOf(m) === 'awa.ndiaye@sante.test');
    const link = `${PUBLIC_URL}/dossiers/agrement/ipm-dakar/${opened.businessKey}`;
    expect(mail?.subject).toBe(`Dossier ${opened.businessKey} : votre action est attendue`);
    expect(mail?.from?.value[0]).toMatchObject({ name: 'Siamo', address: 'ne-pas-repondre@siamo.sante.test' });
    expect(mail?.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail?.text).toContain('Bonjour Awa Ndiaye,');
    expect(mail?.text).toContain(
      `le dossier ${opened.businessKey} (Agrément d’une IPM, IPM des Industries Réunies) a fait l’objet de l’action « Soumettre le dossier »`,
    );
    expect(mail?.text).toContain(
      'Il est maintenant à l’étape « Soumis, recevabilité à examiner » et attend votre action.',
    );
    expect(mail?.text).toContain(
      'Ce que vous devez faire :\n  - Déclarer le dossier recevable\n  - Demander des compléments',
    );
    expect(mail?.text).toMatch(/À faire avant le \d{1,2} \S+ \d{4} à \d{2}:\d{2} \(heure de Dakar\)\./);
    expect(mail?.text).toContain(`Ouvrir le dossier : ${link}`);
    expect(mail?.html).toContain(`href="${link}"`);
    expect(mail?.html).toContain('Déclarer le dossier recevable');

    // The Message-ID is the one recorded before sending, and the send is in the case's history.
    const row = await h.prisma.mailMessage.findFirstOrThrow({
      where: { toAddress: 'awa.ndiaye@sante.test', key: { startsWith: `${opened.caseId}:2:` } },
    });
    expect(mail?.messageId).toBe(row.messageId);
    expect(row).toMatchObject({ status: 'envoye', attempts: 1, leaseUntil: null });
    const history = await caseHistory(h.prisma, opened.caseId);
    expect(history.filter((e) => e.type === 'courriel')).toEqual([
      expect.objectContaining({ revision: 2, kind: 'action_requise', recipientUserId: 'u-awa', status: 'envoye' }),
      expect.objectContaining({ revision: 2, kind: 'action_requise', recipientUserId: 'u-moussa', status: 'envoye' }),
    ]);
    expect(history.map((e) => e.type)).toEqual(['transition', 'transition', 'courriel', 'courriel']);
  });

  it('lists and reads what the catcher caught, for the administrators’ page', async () => {
    const opened = await openAndSubmit();
    await expect.poll(() => statuses(opened.caseId, 2)).toHaveLength(2);
    await expect.poll(async () => (await mailsAbout(opened.businessKey)).length).toBe(2);
    const listed = (await listCaughtMail(lab.dataDir)).filter((m) => m.subject.includes(opened.businessKey));
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatchObject({
      subject: `Dossier ${opened.businessKey} : votre action est attendue`,
      from: 'Siamo <ne-pas-repondre@siamo.sante.test>',
    });
    const read = await readCaughtMail(lab.dataDir, listed[0]?.id ?? '');
    expect(read?.text).toContain('Déclarer le dossier recevable');
    expect(read?.html).toContain('<a href="https://siamo.sante.test/dossiers/agrement/ipm-dakar/');
    expect(await readCaughtMail(lab.dataDir, '../../etc/passwd')).toBeNull();
  });
});

describe('recipients', () => {
  it('resolve organisation roles within the case’s organisation, and record a role nobody holds', async () => {
    const opened = await openAndSubmit();
    await sendEvent(h.ctx, {
      caseId: opened.caseId,
      event: 'recevabilite.demanderComplements',
      actor: awa,
      input: { complementsDemandes: 'Joindre les statuts signés.' },
    });
    await expect.poll(() => statuses(opened.caseId, 3)).toEqual(['u-fatou:action_requise:envoye']);
    expect((await mailsAbout(opened.businessKey)).filter((m) => recipientOf(m).includes('ipm-'))).toHaveLength(1);

    const orphan = await openAndSubmit('ipm-vide');
    await sendEvent(h.ctx, {
      caseId: orphan.caseId,
      event: 'recevabilite.demanderComplements',
      actor: awa,
      input: { complementsDemandes: 'Joindre les statuts signés.' },
    });
    await expect.poll(() => statuses(orphan.caseId, 3)).toEqual(['gerant_ipm:action_requise:sans_destinataire']);
    const history = await caseHistory(h.prisma, orphan.caseId);
    expect(history.at(-1)).toMatchObject({
      type: 'courriel',
      recipientRole: 'gerant_ipm',
      status: 'sans_destinataire',
    });
  });
});

describe('exactly once', () => {
  it('records and sends nothing twice when the effect runs again (retry, replay)', async () => {
    const opened = await openAndSubmit();
    await expect.poll(() => statuses(opened.caseId, 2)).toHaveLength(2);
    await expect
      .poll(() =>
        h.prisma.mailMessage.count({ where: { key: { startsWith: `${opened.caseId}:2:` }, status: 'envoye' } }),
      )
      .toBe(2);
    const received = lab.catcher.stats.received;
    const effect = {
      caseId: opened.caseId,
      revision: 2,
      index: 0,
      name: 'notifier',
      params: { modele: 'action_requise', destinataires: ['agent_ministere'] },
      organisationId: 'ipm-dakar',
    };
    await activities.runEffect(effect);
    await Promise.all([activities.runEffect(effect), activities.runEffect(effect)]);
    expect(lab.catcher.stats.received).toBe(received);
    expect(await h.prisma.notification.count({ where: { caseId: opened.caseId, revision: 2 } })).toBe(2);
  });

  it('lets only one of two attempts at once send a message', async () => {
    const opened = await openAndSubmit();
    const [mailId] = await recordNotifications(h.prisma, lab.settings, {
      caseId: opened.caseId,
      revision: 2,
      occasion: 'concurrent',
      kind: 'decision',
      recipients: { roles: ['directeur_ministere'] },
    });
    const received = lab.catcher.stats.received;
    const results = await Promise.allSettled([
      deliverMail(h.prisma, lab.settings, mailId as bigint, { lastAttempt: false }),
      deliverMail(h.prisma, lab.settings, mailId as bigint, { lastAttempt: false }),
    ]);
    expect(lab.catcher.stats.received).toBe(received + 1);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason.name)).sort()).toEqual(
      ['MailInProgressError', 'envoye'].sort(),
    );
  });
});

describe('failures', () => {
  it('are retried by Temporal with backoff until the message goes', async () => {
    lab.failNext(1);
    const opened = await openAndSubmit();
    await expect
      .poll(() => statuses(opened.caseId, 2), { timeout: 20_000 })
      .toEqual(['u-awa:action_requise:envoye', 'u-moussa:action_requise:envoye']);
    const mails = await h.prisma.mailMessage.findMany({ where: { key: { startsWith: `${opened.caseId}:2:` } } });
    expect(mails.map((m) => m.attempts).sort()).toEqual([1, 2]);
    expect(mails.every((m) => m.lastError === null)).toBe(true);
  });

  it('show as failed after the last try, and at once when the server refuses for good', async () => {
    const opened = await openAndSubmit();
    const failing = (error: Error) => ({ ...lab.settings, transport: { sendMail: () => Promise.reject(error) } });
    const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' });
    const [mailId] = await recordNotifications(h.prisma, lab.settings, {
      caseId: opened.caseId,
      revision: 2,
      occasion: 'panne',
      kind: 'decision',
      recipients: { roles: ['directeur_ministere'] },
    });
    const id = mailId as bigint;
    await expect(deliverMail(h.prisma, failing(down), id, { lastAttempt: false })).rejects.toMatchObject({
      permanent: false,
    });
    expect(await h.prisma.mailMessage.findUnique({ where: { id } })).toMatchObject({
      status: 'a_envoyer',
      attempts: 1,
      lastError: 'connect ECONNREFUSED',
    });
    await expect(deliverMail(h.prisma, failing(down), id, { lastAttempt: true })).rejects.toThrow('Envoi du courriel');
    expect(await h.prisma.mailMessage.findUnique({ where: { id } })).toMatchObject({ status: 'echec', attempts: 2 });
    expect(await deliverMail(h.prisma, lab.settings, id, { lastAttempt: false })).toBe('echec');
    // An administrator can send it again once the cause is fixed.
    expect((await undeliveredMail(h.prisma, 0)).map((m) => m.id)).toContain(id);
    expect(await resendMail(h.prisma, lab.settings, id)).toBe('envoye');
    expect(await h.prisma.notification.findFirst({ where: { mailId: id } })).toMatchObject({ status: 'envoye' });

    const refused = Object.assign(new Error('550 5.1.1 Mailbox unavailable'), { code: 'EENVELOPE', responseCode: 550 });
    const [otherId] = await recordNotifications(h.prisma, lab.settings, {
      caseId: opened.caseId,
      revision: 2,
      occasion: 'refus',
      kind: 'decision',
      recipients: { roles: ['directeur_ministere'] },
    });
    await expect(
      deliverMail(h.prisma, failing(refused), otherId as bigint, { lastAttempt: false }),
    ).rejects.toMatchObject({ permanent: true });
    expect(await h.prisma.mailMessage.findUnique({ where: { id: otherId as bigint } })).toMatchObject({
      status: 'echec',
      attempts: 1,
    });

    const history = await caseHistory(h.prisma, opened.caseId);
    expect(history.filter((e) => e.type === 'courriel' && e.status === 'echec')).toHaveLength(1);
  });
});

describe('the daily digest', () => {
  it('keeps the kinds a person chose for the digest, then sends them in one mail, once', async () => {
    expect((await notificationPreferences(h.prisma, 'u-awa')).find((p) => p.kind === 'action_requise')).toMatchObject({
      mode: 'immediat',
    });
    await setNotificationPreference(h.prisma, 'u-awa', 'action_requise', 'resume');
    try {
      const first = await openAndSubmit();
      const second = await openAndSubmit();
      await expect
        .poll(() => statuses(second.caseId, 2))
        .toEqual(['u-awa:action_requise:en_attente_resume', 'u-moussa:action_requise:envoye']);
      await expect
        .poll(() => statuses(first.caseId, 2))
        .toEqual(['u-awa:action_requise:en_attente_resume', 'u-moussa:action_requise:envoye']);
      expect((await mailsAbout(second.businessKey)).map(recipientOf)).toEqual(['moussa.fall@sante.test']);

      const run = () =>
        h.ctx.temporal.workflow.execute('digestWorkflow', {
          taskQueue: h.ctx.taskQueue,
          workflowId: `resume-${randomUUID()}`,
          args: [],
        });
      expect(await run()).toEqual({ recipients: 1, failed: 0 });
      const digests = (await lab.caught()).filter((m) => m.subject?.startsWith('Siamo : votre résumé du'));
      expect(digests.map(recipientOf)).toEqual(['awa.ndiaye@sante.test']);
      const digest = digests[0];
      expect(digest?.subject).toMatch(/^Siamo : votre résumé du \d{1,2} \S+ \d{4} \(2 messages\)$/);
      expect(digest?.text).toContain(`Dossier ${first.businessKey} : votre action est attendue`);
      expect(digest?.text).toContain(`${PUBLIC_URL}/dossiers/agrement/ipm-dakar/${second.businessKey}`);
      expect(await statuses(first.caseId, 2)).toEqual([
        'u-awa:action_requise:envoye',
        'u-moussa:action_requise:envoye',
      ]);
      expect(await run()).toEqual({ recipients: 0, failed: 0 });
    } finally {
      await setNotificationPreference(h.prisma, 'u-awa', 'action_requise', 'immediat');
    }
  });

  it('runs from a Temporal Schedule at the configured hour, Dakar time', async () => {
    const scheduleId = `resume-test-${randomUUID()}`;
    await ensureDigestSchedule(h.ctx.temporal, { taskQueue: h.ctx.taskQueue, hour: 7, scheduleId });
    const handle = h.ctx.temporal.schedule.getHandle(scheduleId);
    try {
      await ensureDigestSchedule(h.ctx.temporal, { taskQueue: h.ctx.taskQueue, hour: 18, scheduleId });
      const described = await handle.describe();
      expect(described.spec.timezone).toBe('Africa/Dakar');
      expect(described.spec.calendars?.[0]).toMatchObject({
        hour: [{ start: 18, end: 18 }],
        minute: [{ start: 0, end: 0 }],
      });
      expect(described.action).toMatchObject({ workflowType: 'digestWorkflow', taskQueue: h.ctx.taskQueue });
      await handle.trigger();
      await expect.poll(async () => (await handle.describe()).info.recentActions.length, { timeout: 15_000 }).toBe(1);
      const started = (await handle.describe()).info.recentActions[0]?.action.workflow.workflowId ?? '';
      expect(await h.ctx.temporal.workflow.getHandle(started).result()).toEqual({ recipients: 0, failed: 0 });
    } finally {
      await handle.delete();
    }
  });
});

describe('reminders the case workflow sends (the `notify` activity)', () => {
  it('reminds the assignee of a late step, escalates to the manager, warns the party who must answer', async () => {
    const opened = await openAndSubmit();
    await h.prisma.case.update({ where: { id: opened.caseId }, data: { assigneeId: 'u-awa' } });
    const dueAt = new Date(Date.now() - 3600_000).toISOString();
    await activities.notify({
      caseId: opened.caseId,
      revision: 2,
      occasion: 'retard',
      kind: 'retard',
      recipients: { assignee: true },
      dueAt,
    });
    await activities.notify({
      caseId: opened.caseId,
      revision: 2,
      occasion: 'escalade',
      kind: 'escalade',
      recipients: { managers: true },
      dueAt,
    });
    // Timers may fire again after a restart: still one message each.
    await activities.notify({
      caseId: opened.caseId,
      revision: 2,
      occasion: 'retard',
      kind: 'retard',
      recipients: { assignee: true },
      dueAt,
    });

    const mails = (await mailsAbout(opened.businessKey)).filter(
      (m) => !m.subject?.includes('votre action est attendue'),
    );
    expect(mails.map((m) => `${recipientOf(m)} ${m.subject}`).sort()).toEqual([
      `awa.ndiaye@sante.test Dossier ${opened.businessKey} : l’étape « Soumis, recevabilité à examiner » est en retard`,
      `khady.sarr@sante.test Dossier ${opened.businessKey} : une étape en retard vous est signalée`,
    ]);
    const escalation = mails.find((m) => recipientOf(m) === 'khady.sarr@sante.test');
    expect(escalation?.text).toContain('Action attendue : Déclarer le dossier recevable ou Demander des compléments.');
    expect(escalation?.text).toContain('Relancer la personne en charge, ou réattribuer le dossier.');

    await sendEvent(h.ctx, {
      caseId: opened.caseId,
      event: 'recevabilite.demanderComplements',
      actor: awa,
      input: { complementsDemandes: 'Joindre les statuts signés.' },
    });
    const deadline = new Date(Date.now() + 2 * 86_400_000).toISOString();
    await activities.notify({
      caseId: opened.caseId,
      revision: 3,
      occasion: 'echeance',
      kind: 'echeance_proche',
      recipients: { actors: true },
      dueAt: deadline,
    });
    const warning = (await mailsAbout(opened.businessKey)).find((m) => m.subject?.includes('échéance'));
    expect(recipientOf(warning as never)).toBe('fatou.diop@ipm-dakar.test');
    expect(warning?.text).toContain('attend votre réponse à l’étape « Compléments demandés »');
    expect(warning?.text).toContain('passé ce délai, le dossier sera « Classé sans suite »');
    expect(warning?.text).toContain('Répondre à la demande de compléments');
  });
});
