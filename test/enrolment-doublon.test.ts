import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import { type DuplicateEnrolment, openDuplicate } from '../services/enrolment/duplicates.ts';
import { rightsAt } from '../services/enrolment/rights-at.ts';
import type { SqlClient } from '../services/enrolment/sql.ts';
import { getCase } from '../services/get-case.ts';
import { sendEvent } from '../services/send-event.ts';
import type { Actor } from '../workflows/types.ts';
import { insertAffiliation, insertEmployer, insertParticipant, testDataKeys } from './support/enrolment.ts';
import { createHarness, type Harness } from './support/harness.ts';

// A NIN enrolled at a second IPM while affiliated at a first, end to end on the real Temporal server
// and PostgreSQL: a `doublon` case opens (once), nothing of the first is touched, and ICAMO's decision
// is applied — keep the first, or transfer to the second from a date. Neither the NIN nor the name is
// in the workflow id, the case's data or Temporal's history.

const analyste: Actor = { id: 'u-analyste-1', role: 'analyste_icamo' };
const agentB: Actor = { id: 'u-agent-b', role: 'agent_ipm' };
const keys = testDataKeys();

let h: Harness;
let db: SqlClient;
beforeAll(async () => {
  h = await createHarness();
  db = prismaSql(h.prisma);
}, 180_000);
afterAll(() => h?.close());

const tomorrowPlus = (days: number) => new Date(Date.now() + (days + 1) * 86_400_000).toISOString().slice(0, 10);

async function situation() {
  const nin = `1${String(randomInt(10 ** 11)).padStart(12, '0')}`;
  const ipmA = `ipm-a-${randomUUID()}`;
  const ipmB = `ipm-b-${randomUUID()}`;
  const employerA = await insertEmployer(db, ipmA);
  const employerB = await insertEmployer(db, ipmB);
  const first = await insertParticipant(db, keys, { ipmId: ipmA, employerId: employerA, nin });
  const firstAffiliation = await insertAffiliation(db, {
    participantId: first.id,
    ninIndex: first.ninIndex,
    ipmId: ipmA,
    employerId: employerA,
    from: '2024-01-01',
  });
  const enrolment: DuplicateEnrolment = {
    secondIpmId: ipmB,
    secondEmployerId: employerB,
    identifier: nin,
    matricule: 'B-77',
    lastName: 'Kandji',
    firstNames: 'Serigne',
    birthDate: '1985-04-02',
    sex: 'M',
    salary: 300_000,
    hireDate: '2026-11-01',
  };
  return { nin, ipmA, ipmB, employerB, first, firstAffiliation, enrolment };
}

const conflict = async (id: string) =>
  (
    await db.query<{ status: string; transferDate: string | null; secondParticipantId: string | null }>(
      `SELECT "status", to_char("transferDate", 'YYYY-MM-DD') AS "transferDate", "secondParticipantId" FROM "DuplicateConflict" WHERE "id" = $1`,
      [id],
    )
  ).rows[0];

describe('a duplicate across two IPMs', () => {
  it('opens one case, touches nothing, and transfers to the second IPM from the date ICAMO decides', async () => {
    const s = await situation();
    const opened = await openDuplicate(h.ctx, keys, s.enrolment);
    expect(opened).toMatchObject({ created: true });
    const again = await openDuplicate(h.ctx, keys, s.enrolment);
    expect(again).toEqual({ ...opened, created: false });
    const caseId = opened?.caseId as string;
    const conflictId = opened?.conflictId as string;
    expect(caseId).toBe(`doublon/${s.ipmB}/doublon-${conflictId}`);

    const view = await getCase(h.ctx, caseId, 'analyste_icamo');
    expect(view).toMatchObject({ state: 'arbitrage', organisationId: s.ipmB });
    expect(view?.context).toMatchObject({ conflit: conflictId, ipmPremiere: s.ipmA, ipmSeconde: s.ipmB });
    const history = JSON.stringify(await h.ctx.temporal.workflow.getHandle(caseId).fetchHistory());
    const description = JSON.stringify((await h.ctx.temporal.workflow.getHandle(caseId).describe()).searchAttributes);
    for (const secret of [s.nin, 'Kandji', 'Serigne']) {
      expect(JSON.stringify(view)).not.toContain(secret);
      expect(history).not.toContain(secret);
      expect(description).not.toContain(secret);
    }
    // Nothing overwritten: the first IPM still covers him, the second has no one.
    expect(await rightsAt(db, s.first.id, '2026-12-01')).toMatchObject({ covered: true, ipmId: s.ipmA });
    expect(
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM "Participant" WHERE "ipmId" = $1', [s.ipmB]))
        .rows[0]?.n,
    ).toBe(0);

    // The second IPM may give its observations, not decide.
    await sendEvent(h.ctx, {
      caseId,
      event: 'doublon.observer',
      actor: agentB,
      input: { observations: 'Embauché le 1er novembre.' },
    });
    await expect(
      sendEvent(h.ctx, { caseId, event: 'doublon.garderPremiere', actor: agentB, input: { motif: 'Pas à nous' } }),
    ).rejects.toMatchObject({ code: 'non_autorise' });
    // A transfer day not in the future is refused, in French, and changes nothing.
    await expect(
      sendEvent(h.ctx, {
        caseId,
        event: 'doublon.transferer',
        actor: analyste,
        input: { dateTransfert: '2026-01-01', motif: 'Changement d’employeur' },
      }),
    ).rejects.toMatchObject({
      code: 'condition_non_remplie',
      message: expect.stringContaining('doit être une date à venir'),
    });
    expect(await conflict(conflictId)).toMatchObject({ status: 'ouvert' });

    const day = tomorrowPlus(3);
    const done = await sendEvent(h.ctx, {
      caseId,
      event: 'doublon.transferer',
      actor: analyste,
      input: { dateTransfert: day, motif: 'Changement d’employeur' },
    });
    expect(done.state).toBe('transfere');
    await expect.poll(async () => (await conflict(conflictId))?.status, { timeout: 30_000 }).toBe('transfere');
    const resolved = await conflict(conflictId);
    expect(resolved?.transferDate).toBe(day);
    const second = resolved?.secondParticipantId as string;
    const dayBefore = new Date(Date.parse(day) - 86_400_000).toISOString().slice(0, 10);
    expect(await rightsAt(db, s.first.id, dayBefore)).toMatchObject({ covered: true, ipmId: s.ipmA });
    expect(await rightsAt(db, s.first.id, day)).toMatchObject({ covered: false, code: 'transfert', since: day });
    expect(await rightsAt(db, second, dayBefore)).toMatchObject({ covered: false, code: 'non_affilie' });
    expect(await rightsAt(db, second, day)).toMatchObject({ covered: true, ipmId: s.ipmB, employerId: s.employerB });
  });

  it('keeps the first affiliation when ICAMO decides so, and a new enrolment then opens a new case', async () => {
    const s = await situation();
    const opened = await openDuplicate(h.ctx, keys, s.enrolment);
    const caseId = opened?.caseId as string;
    const done = await sendEvent(h.ctx, {
      caseId,
      event: 'doublon.garderPremiere',
      actor: analyste,
      input: { motif: 'Toujours salarié de la première entreprise' },
    });
    expect(done.state).toBe('garde_premiere');
    await expect
      .poll(async () => (await conflict(opened?.conflictId as string))?.status, { timeout: 30_000 })
      .toBe('garde_premiere');
    expect(await rightsAt(db, s.first.id, '2027-06-01')).toMatchObject({
      covered: true,
      ipmId: s.ipmA,
      used: { affiliationId: s.firstAffiliation },
    });
    const next = await openDuplicate(h.ctx, keys, s.enrolment);
    expect(next?.created).toBe(true);
    expect(next?.conflictId).not.toBe(opened?.conflictId);
    // No conflict at all for an IPM that holds the affiliation itself.
    expect(await openDuplicate(h.ctx, keys, { ...s.enrolment, secondIpmId: s.ipmA })).toBeNull();
  });
});
