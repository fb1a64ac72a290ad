import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAgeLimitSchedule } from '../services/enrolment/age-limit-schedule.ts';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import { rightsAt } from '../services/enrolment/rights-at.ts';
import type { SqlClient } from '../services/enrolment/sql.ts';
import type { AgeLimitRun } from '../workflows/age-limit-workflow.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import {
  insertAffiliation,
  insertDependant,
  insertEmployer,
  insertParticipant,
  testDataKeys,
} from './support/enrolment.ts';
import { createHarness, type Harness } from './support/harness.ts';
import { createMailLab, type MailLab, recipientOf, seedPeople } from './support/mail.ts';

// The children's age limit by the daily run, on the real Temporal server and PostgreSQL, the business
// day given by the test: the family is told N days before (the participant's e-mail, else the
// employer's people), once; the child's rights end on the day of the limit, not the day before, and
// stay ended the day after. A database of the suite's own: the run is set-based over every child.

let database: TestDatabase;
let h: Harness;
let lab: MailLab;
let db: SqlClient;
beforeAll(async () => {
  database = await createTestDatabase();
  lab = await createMailLab();
  h = await createHarness({ databaseUrl: database.url, dependencies: { mail: lab.settings } });
  db = prismaSql(h.prisma);
}, 180_000);
afterAll(async () => {
  await h?.close();
  await lab?.close();
  await database?.drop();
});

const run = (day: string) =>
  h.ctx.temporal.workflow.execute('ageLimitWorkflow', {
    taskQueue: h.ctx.taskQueue,
    workflowId: `limite-age-test-${randomUUID()}`,
    args: [{ day }],
  }) as Promise<AgeLimitRun>;

const ended = async (id: string) =>
  (
    await db.query<{ day: string | null; settings: unknown }>(
      `SELECT to_char("rightsEndedOn", 'YYYY-MM-DD') AS "day", "rightsEndSettings" AS "settings" FROM "Dependant" WHERE "id" = $1`,
      [id],
    )
  ).rows[0];

describe('the daily age-limit run', () => {
  it('tells the family N days before, once, and ends the rights on the day of the limit', async () => {
    const ipm = `ipm-${randomUUID()}`;
    const employerId = await insertEmployer(db, ipm);
    await seedPeople(
      h.prisma,
      [
        { id: ipm, kind: 'IPM', name: 'IPM de test' },
        { id: employerId, kind: 'EMPLOYEUR', name: 'Entreprise de test' },
      ],
      [
        {
          id: `u-${randomUUID()}`,
          email: 'rh@entreprise.test',
          displayName: 'Service du personnel',
          organisationId: employerId,
          roles: ['employeur'],
        },
      ],
    );
    const keys = testDataKeys();
    const withMail = await insertParticipant(db, keys, { ipmId: ipm, employerId, nin: '1700101000001' });
    await db.query(`UPDATE "Participant" SET "email" = 'famille.diop@exemple.test' WHERE "id" = $1`, [withMail.id]);
    const withoutMail = await insertParticipant(db, keys, { ipmId: ipm, employerId, nin: '2700101000002' });
    for (const p of [withMail, withoutMail])
      await insertAffiliation(db, {
        participantId: p.id,
        ninIndex: p.ninIndex,
        ipmId: ipm,
        employerId,
        from: '2020-01-01',
      });
    // Both 21 on 15 March 2027; the student keeps rights to the day after his certificate, 1 July 2027.
    const child = await insertDependant(db, {
      participantId: withMail.id,
      rank: 1,
      kind: 'enfant',
      birthDate: '2006-03-15',
    });
    const other = await insertDependant(db, {
      participantId: withoutMail.id,
      rank: 1,
      kind: 'enfant',
      birthDate: '2006-03-15',
    });
    const student = await insertDependant(db, {
      participantId: withMail.id,
      rank: 2,
      kind: 'enfant',
      birthDate: '2006-03-15',
      certificateUntil: '2027-06-30',
    });

    // 61 days before: nobody told yet. 60 days before (joursAvisLimiteAge): both families, once.
    expect(await run('2027-01-13')).toMatchObject({ ended: 0, noticed: 0 });
    expect(await run('2027-01-14')).toMatchObject({ ended: 0, noticed: 2, mails: 2 });
    expect(await run('2027-01-15')).toMatchObject({ noticed: 0, mails: 0 });
    await expect.poll(async () => (await lab.caught()).length, { timeout: 30_000 }).toBe(2);
    const mails = await lab.caught();
    expect(mails.map(recipientOf).sort()).toEqual(['famille.diop@exemple.test', 'rh@entreprise.test']);
    for (const mail of mails) {
      expect(mail.subject).toBe('Fin des droits d’un enfant ayant droit le 15 mars 2027 (limite d’âge)');
      expect(mail.text).toContain(
        'il est couvert jusqu’au 14 mars 2027 inclus, et n’a plus de droits à partir du 15 mars 2027',
      );
      expect(mail.text).not.toContain('Diop');
    }
    const notices = await db.query<{ dependantId: string; recipient: string; noticeDay: string }>(
      `SELECT "dependantId", "recipient", to_char("noticeDay", 'YYYY-MM-DD') AS "noticeDay" FROM "AgeLimitNotice" ORDER BY "recipient"`,
    );
    expect(notices.rows).toEqual([
      { dependantId: other, recipient: 'employeur', noticeDay: '2027-01-14' },
      { dependantId: child, recipient: 'participant', noticeDay: '2027-01-14' },
    ]);

    // The day before: still covered, nothing written.
    expect(await run('2027-03-14')).toMatchObject({ ended: 0 });
    expect((await ended(child))?.day).toBeNull();
    expect(await rightsAt(db, child, '2027-03-14')).toMatchObject({ covered: true, code: 'couvert' });
    // The day of: the end is written with the settings applied, and the rule answers from it.
    expect(await run('2027-03-15')).toMatchObject({ ended: 2 });
    expect(await ended(child)).toEqual({
      day: '2027-03-15',
      settings: { ageLimiteEnfant: 21, ageLimiteEnfantEtudiant: 25 },
    });
    expect(await rightsAt(db, child, '2027-03-15')).toMatchObject({
      covered: false,
      code: 'limite_age',
      since: '2027-03-15',
      reason:
        'Non couvert le 15 mars 2027 : plus de droits depuis le 15 mars 2027 (limite d’âge des enfants : 21 ans).',
    });
    expect(await rightsAt(db, child, '2027-03-14')).toMatchObject({ covered: true });
    // The day after: nothing more to do; still not covered. The student is not touched yet.
    expect(await run('2027-03-16')).toMatchObject({ ended: 0, noticed: 0 });
    expect(await rightsAt(db, child, '2027-03-16')).toMatchObject({ covered: false, since: '2027-03-15' });
    expect((await ended(student))?.day).toBeNull();
    expect(await rightsAt(db, student, '2027-03-16')).toMatchObject({ covered: true });
    expect(await run('2027-07-01')).toMatchObject({ ended: 1 });
    expect(await rightsAt(db, student, '2027-07-01')).toMatchObject({ covered: false, since: '2027-07-01' });
    // No run fell within his own 60 days before 1 July: a notice is only due on a run of that window.
    expect((await lab.caught()).length).toBe(2);
  });

  it('is started every day by a Temporal Schedule', async () => {
    const scheduleId = `limite-age-test-${randomUUID()}`;
    await ensureAgeLimitSchedule(h.ctx.temporal, { taskQueue: h.ctx.taskQueue, scheduleId });
    await ensureAgeLimitSchedule(h.ctx.temporal, { taskQueue: h.ctx.taskQueue, scheduleId });
    const handle = h.ctx.temporal.schedule.getHandle(scheduleId);
    try {
      const description = await handle.describe();
      expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: 'ageLimitWorkflow' });
      expect(description.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 1, end: 1, step: 1 }] });
    } finally {
      await handle.delete();
    }
  });
});
