import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCardNumber } from '../processes/enrolment/card-number.ts';
import { dataQualityReport } from '../services/enrolment/data-quality.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import {
  insertAffiliation,
  insertDependant,
  insertEmployer,
  insertParticipant,
  testDataKeys,
} from './support/enrolment.ts';

// The data-quality report of one IPM's register on a real PostgreSQL: each check finds the records
// planted for it, by card number, and nothing of another IPM.

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

const card = async (table: 'Participant' | 'Dependant', id: string) =>
  formatCardNumber(
    (await pool.query<{ c: string }>(`SELECT "cardNumber" AS c FROM "${table}" WHERE "id" = $1`, [id])).rows[0]?.c ??
      '',
  );

describe('the data-quality report', () => {
  it('names duplicates, missing data and incoherent dates of its IPM only', async () => {
    const keys = testDataKeys();
    const employer = await insertEmployer(pool, 'IPM-Q');
    const other = await insertEmployer(pool, 'IPM-AUTRE');
    // Clean: affiliated at 30, a child born when the parent was 25.
    const clean = await insertParticipant(pool, keys, {
      ipmId: 'IPM-Q',
      employerId: employer,
      nin: '1700101000011',
      birthDate: '1980-01-01',
    });
    await insertAffiliation(pool, {
      participantId: clean.id,
      ninIndex: clean.ninIndex,
      ipmId: 'IPM-Q',
      employerId: employer,
      from: '2010-01-01',
    });
    await insertDependant(pool, { participantId: clean.id, rank: 1, kind: 'enfant', birthDate: '2005-01-01' });
    // Never affiliated.
    const lonely = await insertParticipant(pool, keys, { ipmId: 'IPM-Q', employerId: employer, nin: '1700101000022' });
    // Hired at 10, a child born when the parent was 5, a certificate ending before birth.
    const odd = await insertParticipant(pool, keys, {
      ipmId: 'IPM-Q',
      employerId: employer,
      nin: '1700101000033',
      birthDate: '2000-01-01',
    });
    await insertAffiliation(pool, {
      participantId: odd.id,
      ninIndex: odd.ninIndex,
      ipmId: 'IPM-Q',
      employerId: employer,
      from: '2010-01-01',
    });
    const early = await insertDependant(pool, {
      participantId: odd.id,
      rank: 1,
      kind: 'enfant',
      birthDate: '2005-01-01',
      certificateUntil: '2004-06-30',
    });
    const future = await insertDependant(pool, {
      participantId: odd.id,
      rank: 2,
      kind: 'conjoint',
      birthDate: '2030-01-01',
    });
    await pool.query(`UPDATE "Participant" SET "matricule" = ' ' WHERE "id" = $1`, [lonely.id]);
    // Another IPM's problems are not this one's.
    await insertParticipant(pool, keys, { ipmId: 'IPM-AUTRE', employerId: other, nin: '1700101000044' });

    const report = await dataQualityReport(pool, 'IPM-Q', '2026-12-01');
    const by = Object.fromEntries(report.map((f) => [f.check, { count: f.count, examples: f.examples }]));
    expect(by).toEqual({
      doublon_en_attente: { count: 0, examples: [] },
      participant_sans_affiliation: { count: 1, examples: [await card('Participant', lonely.id)] },
      donnee_obligatoire_manquante: { count: 1, examples: [await card('Participant', lonely.id)] },
      embauche_avant_15_ans: { count: 1, examples: [await card('Participant', odd.id)] },
      enfant_ne_avant_parent: { count: 1, examples: [await card('Dependant', early)] },
      naissance_future: { count: 1, examples: [await card('Dependant', future)] },
      certificat_avant_naissance: { count: 1, examples: [await card('Dependant', early)] },
    });
    expect(report.find((f) => f.check === 'embauche_avant_15_ans')?.label).toBe(
      'Affiliations commençant avant les 15 ans du participant : vérifiez la date de naissance ou d’embauche.',
    );
  });
});
