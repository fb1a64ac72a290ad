import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BeneficiaryFacts, type RightsSettings, rightsOn } from '../processes/enrolment/rights.ts';
import { rightsAt, rightsAtMany, rightsSettingsOf } from '../services/enrolment/rights-at.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import {
  insertAffiliation,
  insertDependant,
  insertEmployer,
  insertParticipant,
  insertSuspension,
  testDataKeys,
} from './support/enrolment.ts';

// Rights at a date, on the boundaries of every rule: the day before, the day of, the day after. The
// pure rule first, on facts written by hand; then the same facts stored in PostgreSQL and read back
// by the loader, one beneficiary at a time and in the batch form, which must answer the same.

const SETTINGS: RightsSettings = { ageLimiteEnfant: 21, ageLimiteEnfantEtudiant: 25 };

const worker = (over: Partial<BeneficiaryFacts> = {}): BeneficiaryFacts => ({
  participantId: 'P1',
  dependant: null,
  affiliations: [{ id: 'A1', ipmId: 'IPM-1', employerId: 'E1', from: '2026-03-01', to: null, endReason: null }],
  suspensions: [],
  ...over,
});
const on = (facts: BeneficiaryFacts, date: string, settings = SETTINGS) => rightsOn(facts, date, settings);

describe('rights at a date (the rule)', () => {
  it('starts on the affiliation’s first day, and says so before it', () => {
    expect(on(worker(), '2026-02-28')).toMatchObject({
      covered: false,
      code: 'non_affilie',
      reason:
        'Non couvert le 28 février 2026 : pas encore affilié à cette date (affiliation à partir du 1er mars 2026).',
      ipmId: null,
    });
    expect(on(worker(), '2026-03-01')).toMatchObject({
      covered: true,
      code: 'couvert',
      ipmId: 'IPM-1',
      employerId: 'E1',
      used: { affiliationId: 'A1', suspensionId: null },
    });
    expect(on(worker(), '2026-03-02').covered).toBe(true);
    expect(on(worker({ affiliations: [] }), '2026-03-02')).toMatchObject({
      covered: false,
      reason: 'Non couvert le 2 mars 2026 : aucune affiliation à cette date.',
    });
  });

  it('ends on the day of a departure or a death', () => {
    const left = worker({
      affiliations: [
        { id: 'A1', ipmId: 'IPM-1', employerId: 'E1', from: '2026-03-01', to: '2026-06-15', endReason: 'depart' },
      ],
    });
    expect(on(left, '2026-06-14').covered).toBe(true);
    for (const date of ['2026-06-15', '2026-06-16'])
      expect(on(left, date)).toMatchObject({
        covered: false,
        code: 'depart',
        since: '2026-06-15',
        used: { affiliationId: 'A1' },
      });
    expect(on(left, '2026-06-16').reason).toBe(
      'Non couvert le 16 juin 2026 : départ de l’entreprise le 15 juin 2026, fin des droits à cette date.',
    );
    const died = worker({
      affiliations: [
        { id: 'A1', ipmId: 'IPM-1', employerId: 'E1', from: '2026-03-01', to: '2026-06-15', endReason: 'deces' },
      ],
    });
    expect(on(died, '2026-06-15')).toMatchObject({ covered: false, code: 'deces' });
  });

  it('follows a transfer to the new IPM from its day', () => {
    const moved = worker({
      affiliations: [
        { id: 'A1', ipmId: 'IPM-1', employerId: 'E1', from: '2026-03-01', to: '2026-09-01', endReason: 'transfert' },
        { id: 'A2', ipmId: 'IPM-2', employerId: 'E2', from: '2026-09-01', to: null, endReason: null },
      ],
    });
    expect(on(moved, '2026-08-31')).toMatchObject({ covered: true, ipmId: 'IPM-1' });
    expect(on(moved, '2026-09-01')).toMatchObject({ covered: true, ipmId: 'IPM-2', used: { affiliationId: 'A2' } });
  });

  it('is suspended from the day of an employer’s suspension until the day it is lifted', () => {
    const suspended = worker({
      suspensions: [
        {
          id: 'S1',
          employerId: 'E1',
          participantId: null,
          from: '2026-05-10',
          to: '2026-07-01',
          reason: 'cotisations_impayees',
        },
      ],
    });
    expect(on(suspended, '2026-05-09').covered).toBe(true);
    expect(on(suspended, '2026-05-10')).toMatchObject({
      covered: false,
      code: 'employeur_suspendu',
      since: '2026-05-10',
      reason:
        'Non couvert le 10 mai 2026 : droits suspendus depuis le 10 mai 2026, l’employeur étant en défaut (cotisations impayées).',
      used: { suspensionId: 'S1', affiliationId: 'A1' },
    });
    expect(on(suspended, '2026-05-11').covered).toBe(false);
    expect(on(suspended, '2026-06-30').covered).toBe(false);
    expect(on(suspended, '2026-07-01').covered).toBe(true);
    // Another employer's suspension is not this worker's.
    const other = worker({
      suspensions: [{ id: 'S2', employerId: 'E9', participantId: null, from: '2026-05-10', to: null, reason: 'autre' }],
    });
    expect(on(other, '2026-05-10').covered).toBe(true);
    const own = worker({
      suspensions: [
        {
          id: 'S3',
          employerId: null,
          participantId: 'P1',
          from: '2026-05-10',
          to: null,
          reason: 'quote_parts_impayees',
        },
      ],
    });
    expect(on(own, '2026-05-10')).toMatchObject({ covered: false, code: 'participant_suspendu' });
  });

  it('ends a child’s rights on the day of the age limit, and records the settings it used', () => {
    const child = worker({
      dependant: { id: 'D1', kind: 'enfant', birthDate: '2005-10-20', studentCertificateUntil: null },
    });
    expect(on(child, '2026-10-19')).toMatchObject({ covered: true, used: { dependantId: 'D1', settings: SETTINGS } });
    expect(on(child, '2026-10-20')).toMatchObject({
      covered: false,
      code: 'limite_age',
      since: '2026-10-20',
      reason:
        'Non couvert le 20 octobre 2026 : plus de droits depuis le 20 octobre 2026 (limite d’âge des enfants : 21 ans).',
      used: { settings: { ageLimiteEnfant: 21 } },
    });
    expect(on(child, '2026-10-21').covered).toBe(false);
    // The limit is a setting: at 18, the same child had lost its rights three years earlier.
    expect(on(child, '2026-03-01', { ageLimiteEnfant: 18, ageLimiteEnfantEtudiant: 25 })).toMatchObject({
      covered: false,
      since: '2023-10-20',
    });
    // A spouse has no age limit.
    const spouse = worker({
      dependant: { id: 'D2', kind: 'conjoint', birthDate: '1960-01-01', studentCertificateUntil: null },
    });
    expect(on(spouse, '2026-10-20').covered).toBe(true);
  });

  it('extends a student’s rights to the end of the certificate, never past the students’ age limit', () => {
    const student = worker({
      dependant: { id: 'D1', kind: 'enfant', birthDate: '2005-10-20', studentCertificateUntil: '2027-07-31' },
    });
    expect(on(student, '2026-10-20').covered).toBe(true);
    expect(on(student, '2027-07-31').covered).toBe(true);
    expect(on(student, '2027-08-01')).toMatchObject({ covered: false, code: 'limite_age', since: '2027-08-01' });
    const longCertificate = worker({
      dependant: { id: 'D1', kind: 'enfant', birthDate: '2005-10-20', studentCertificateUntil: '2032-07-31' },
    });
    expect(on(longCertificate, '2030-10-19').covered).toBe(true);
    expect(on(longCertificate, '2030-10-20')).toMatchObject({ covered: false, since: '2030-10-20' });
    // A certificate that ended before the age limit extends nothing.
    const expired = worker({
      dependant: { id: 'D1', kind: 'enfant', birthDate: '2005-10-20', studentCertificateUntil: '2026-06-30' },
    });
    expect(on(expired, '2026-10-20')).toMatchObject({ covered: false, since: '2026-10-20' });
  });

  it('takes 28 February for the birthday of a child born on 29 February, in a common year', () => {
    const leap = worker({
      dependant: { id: 'D1', kind: 'enfant', birthDate: '2008-02-29', studentCertificateUntil: null },
    });
    expect(on(leap, '2029-02-27').covered).toBe(true);
    expect(on(leap, '2029-02-28')).toMatchObject({ covered: false, since: '2029-02-28' });
  });

  it('follows its participant: a dependant is not covered while the participant is not', () => {
    const child = worker({
      dependant: { id: 'D1', kind: 'enfant', birthDate: '2015-01-01', studentCertificateUntil: null },
      suspensions: [
        {
          id: 'S1',
          employerId: 'E1',
          participantId: null,
          from: '2026-05-10',
          to: null,
          reason: 'cotisations_impayees',
        },
      ],
    });
    expect(on(child, '2026-05-10')).toMatchObject({ covered: false, code: 'employeur_suspendu' });
    expect(on(child, '2026-02-28')).toMatchObject({ covered: false, code: 'non_affilie' });
  });
});

describe('rights at a date, read from PostgreSQL', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('gives the rule’s answers for the stored facts, one by one and in a batch', async () => {
    const keys = testDataKeys();
    const e1 = await insertEmployer(pool, 'IPM-1');
    const e2 = await insertEmployer(pool, 'IPM-2');
    const p = await insertParticipant(pool, keys, { ipmId: 'IPM-1', employerId: e1, nin: '2751198501234' });
    const a1 = await insertAffiliation(pool, {
      participantId: p.id,
      ninIndex: p.ninIndex,
      ipmId: 'IPM-1',
      employerId: e1,
      from: '2026-03-01',
      to: '2026-09-01',
      endReason: 'transfert',
    });
    const a2 = await insertAffiliation(pool, {
      participantId: p.id,
      ninIndex: p.ninIndex,
      ipmId: 'IPM-2',
      employerId: e2,
      from: '2026-09-01',
    });
    const s1 = await insertSuspension(pool, { employerId: e1, from: '2026-05-10', to: '2026-07-01' });
    // Another employer's suspension, of a worker with no link: must not be loaded as this one's.
    await insertSuspension(pool, { employerId: await insertEmployer(pool, 'IPM-1'), from: '2026-01-01' });
    const child = await insertDependant(pool, {
      participantId: p.id,
      rank: 1,
      kind: 'enfant',
      birthDate: '2005-10-20',
    });

    const settings = rightsSettingsOf();
    expect(settings).toEqual({ ageLimiteEnfant: 21, ageLimiteEnfantEtudiant: 25 });
    expect(rightsSettingsOf({ ageLimiteEnfant: 18 })).toEqual({ ageLimiteEnfant: 18, ageLimiteEnfantEtudiant: 25 });

    const expected: [string, string, boolean, string | null, string | null][] = [
      [p.id, '2026-02-28', false, null, null],
      [p.id, '2026-03-01', true, 'IPM-1', a1],
      [p.id, '2026-05-09', true, 'IPM-1', a1],
      [p.id, '2026-05-10', false, 'IPM-1', a1],
      [p.id, '2026-07-01', true, 'IPM-1', a1],
      [p.id, '2026-08-31', true, 'IPM-1', a1],
      [p.id, '2026-09-01', true, 'IPM-2', a2],
      [child, '2026-05-10', false, 'IPM-1', a1],
      [child, '2026-10-19', true, 'IPM-2', a2],
      [child, '2026-10-20', false, 'IPM-2', a2],
    ];
    const questions = expected.map(([beneficiaryId, date]) => ({ beneficiaryId, date }));
    const batch = await rightsAtMany(pool, [...questions, { beneficiaryId: 'personne', date: '2026-03-01' }], settings);
    for (const [i, [id, date, covered, ipmId, affiliationId]] of expected.entries()) {
      const one = await rightsAt(pool, id, date, settings);
      expect({ date, covered: one.covered, ipmId: one.ipmId, affiliationId: one.used.affiliationId }).toEqual({
        date,
        covered,
        ipmId,
        affiliationId,
      });
      expect(batch[i]).toEqual(one);
    }
    expect((await rightsAt(pool, p.id, '2026-05-10', settings)).used.suspensionId).toBe(s1);
    expect(batch.at(-1)).toBeNull();
    await expect(rightsAt(pool, 'personne', '2026-03-01')).rejects.toThrow(
      'Bénéficiaire introuvable : vérifiez l’identifiant du participant ou de l’ayant droit.',
    );
  });

  it('keeps one NIN to one active affiliation, across IPMs, in the database itself', async () => {
    const keys = testDataKeys();
    const e1 = await insertEmployer(pool, 'IPM-A');
    const e2 = await insertEmployer(pool, 'IPM-B');
    const nin = '1840302001122';
    const inA = await insertParticipant(pool, keys, { ipmId: 'IPM-A', employerId: e1, nin });
    const inB = await insertParticipant(pool, keys, { ipmId: 'IPM-B', employerId: e2, nin });
    expect(inB.ninIndex).toBe(inA.ninIndex);
    await insertAffiliation(pool, {
      participantId: inA.id,
      ninIndex: inA.ninIndex,
      ipmId: 'IPM-A',
      employerId: e1,
      from: '2026-01-01',
      to: '2026-04-01',
      endReason: 'depart',
    });
    // Overlapping by one day (31 March) in the other IPM: refused.
    await expect(
      insertAffiliation(pool, {
        participantId: inB.id,
        ninIndex: inB.ninIndex,
        ipmId: 'IPM-B',
        employerId: e2,
        from: '2026-03-31',
      }),
    ).rejects.toMatchObject({ code: '23P01', constraint: 'Affiliation_one_active_per_nin' });
    // From the departure's day: accepted.
    await insertAffiliation(pool, {
      participantId: inB.id,
      ninIndex: inB.ninIndex,
      ipmId: 'IPM-B',
      employerId: e2,
      from: '2026-04-01',
    });
    // And nothing may open in IPM A again while it runs.
    await expect(
      insertAffiliation(pool, {
        participantId: inA.id,
        ninIndex: inA.ninIndex,
        ipmId: 'IPM-A',
        employerId: e1,
        from: '2027-01-01',
      }),
    ).rejects.toMatchObject({ code: '23P01' });
  });
});
