import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { insertAffiliation, insertEmployer, insertParticipant, testDataKeys } from './support/enrolment.ts';
import { as } from './support/people.ts';

// Declaring dependants one by one through the API on the real server: the eligibility rules of the
// settings (age limit, students' extension, number of spouses, pieces per kind) refuse an ineligible
// dependant naming the rule, and nothing is written; an eligible one gets its rank and card number.

let suite: ApiSuite;
beforeAll(async () => {
  suite = await createApiSuite();
}, 180_000);
afterAll(() => suite?.close());

const ADD = `mutation($p: ID!, $kind: String!, $birth: String!, $cert: String, $pieces: [String!]!) {
  addDependant(participantId: $p, kind: $kind, lastName: "Diop", firstNames: "Fatou", birthDate: $birth,
               studentCertificateUntil: $cert, pieces: $pieces) {
    __typename
    ... on DeclaredDependant { id rank kind cardNumber }
    ... on Error { code message }
  }
}`;

describe('addDependant', () => {
  it('refuses an ineligible dependant naming the rule, writes nothing, and accepts an eligible one', async () => {
    const { api, people } = suite;
    const db = prismaSql(suite.h.prisma);
    const ipmA = people.organisations.ipmA;
    const employerId = await insertEmployer(db, ipmA);
    const p = await insertParticipant(db, testDataKeys(), { ipmId: ipmA, employerId, nin: '1700101001234' });
    await insertAffiliation(db, {
      participantId: p.id,
      ninIndex: p.ninIndex,
      ipmId: ipmA,
      employerId,
      from: '2026-01-01',
    });
    const add = async (vars: Record<string, unknown>, who = people.person.agentA) =>
      (await api.gql(ADD, { p: p.id, cert: null, ...vars }, as(who))).data.addDependant;
    const dependants = async () =>
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM "Dependant" WHERE "participantId" = $1', [p.id]))
        .rows[0]?.n;

    // Born 1 January 2000: 21 on 1 January 2021, no certificate.
    expect(await add({ kind: 'enfant', birth: '2000-01-01', pieces: ['acte_naissance'] })).toEqual({
      __typename: 'NotAllowedError',
      code: 'condition_non_remplie',
      message:
        'Ayant droit refusé — règle de la limite d’âge des enfants (21 ans) : plus de droits depuis le 1er janvier 2021 ; un étudiant garde ses droits jusqu’à 25 ans avec un certificat de scolarité en cours (sa date de fin : colonne « certificat_scolarite_jusquau » d’un fichier).',
    });
    // A student past 21 and under 25 whichever the day the suite runs, with a certificate in course.
    const year = new Date().getUTCFullYear();
    const studentBirth = `${year - 23}-06-01`;
    const certificateUntil = `${year + 1}-06-30`;
    // A student past 21 keeps rights with a certificate in course, but must bring it.
    expect(
      await add({ kind: 'enfant', birth: studentBirth, cert: certificateUntil, pieces: ['acte_naissance'] }),
    ).toMatchObject({
      code: 'condition_non_remplie',
      message:
        'Ayant droit refusé — pièces exigées pour un enfant : certificat de scolarité manquant(e)s ; joignez-les et déclarez-le à nouveau.',
    });
    expect(await add({ kind: 'conjoint', birth: '1990-02-02', pieces: [] })).toMatchObject({
      code: 'condition_non_remplie',
      message:
        'Ayant droit refusé — pièces exigées pour un conjoint : acte de mariage manquant(e)s ; joignez-les et déclarez-le à nouveau.',
    });
    expect(await add({ kind: 'enfant', birth: '2020-02-30', pieces: ['acte_naissance'] })).toMatchObject({
      __typename: 'InvalidInputError',
      message: 'Date de naissance invalide : attendu AAAA-MM-JJ, une date qui existe.',
    });
    expect(await add({ kind: 'cousin', birth: '2020-02-01', pieces: [] })).toMatchObject({
      __typename: 'InvalidInputError',
      message: 'Lien inconnu : un ayant droit est un conjoint ou un enfant.',
    });
    expect(await dependants()).toBe(0);

    const student = await add({
      kind: 'enfant',
      birth: studentBirth,
      cert: certificateUntil,
      pieces: ['acte_naissance', 'certificat_scolarite'],
    });
    expect(student).toMatchObject({ __typename: 'DeclaredDependant', rank: 1, kind: 'enfant' });
    expect(student.cardNumber).toMatch(/^\d{12}$/);
    for (let i = 0; i < 4; i++)
      expect(await add({ kind: 'conjoint', birth: '1990-02-02', pieces: ['acte_mariage'] })).toMatchObject({
        __typename: 'DeclaredDependant',
        rank: 2 + i,
      });
    expect(
      await add({ kind: 'conjoint', birth: '1991-03-03', pieces: ['acte_mariage'] }, people.person.gerantA),
    ).toMatchObject({
      code: 'condition_non_remplie',
      message:
        'Ayant droit refusé — règle du nombre de conjoints : un participant déclare au plus 4 conjoint(s), et 4 le sont déjà.',
    });
    expect(await dependants()).toBe(5);

    // The student's rights read back through the one rule.
    const rights = (
      await api.gql(
        `query($id: ID!) { rightsAt(beneficiaryId: $id, date: "${new Date().toISOString().slice(0, 10)}") {
          ... on RightsAnswer { covered code } } }`,
        { id: student.id },
        as(people.person.agentA),
      )
    ).data.rightsAt;
    expect(rights).toEqual({ covered: true, code: 'couvert' });

    // Another IPM finds nobody; another role is refused; nothing written either way.
    expect(
      await add({ kind: 'enfant', birth: '2020-01-01', pieces: ['acte_naissance'] }, people.person.agentB),
    ).toMatchObject({
      __typename: 'NotFoundError',
      message: 'Participant introuvable dans votre IPM : vérifiez son identifiant.',
    });
    expect(
      (await add({ kind: 'enfant', birth: '2020-01-01', pieces: ['acte_naissance'] }, people.person.agentPs))
        .__typename,
    ).toBe('ForbiddenError');
    expect(await dependants()).toBe(5);
  });
});
