import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import {
  insertAffiliation,
  insertDependant,
  insertEmployer,
  insertParticipant,
  insertSuspension,
  testDataKeys,
} from './support/enrolment.ts';
import { as } from './support/people.ts';

// `rightsAt` through the API on the real server: the IPM holding the beneficiary reads the rule's
// answer; another IPM finds nobody; other roles are refused; a date that does not exist is named.

let suite: ApiSuite;
beforeAll(async () => {
  suite = await createApiSuite();
}, 180_000);
afterAll(() => suite?.close());

const QUERY = `query($id: ID!, $date: String!) {
  rightsAt(beneficiaryId: $id, date: $date) {
    __typename
    ... on RightsAnswer { covered code reason since ipmId affiliationId suspensionId settings }
    ... on Error { code message }
  }
}`;

describe('rightsAt through the API', () => {
  it('answers the IPM that holds the beneficiary, and nobody else', async () => {
    const { api, people } = suite;
    const db = prismaSql(suite.h.prisma);
    const ipmA = people.organisations.ipmA;
    const employerId = await insertEmployer(db, ipmA);
    const p = await insertParticipant(db, testDataKeys(), { ipmId: ipmA, employerId, nin: '1690909009999' });
    const affiliationId = await insertAffiliation(db, {
      participantId: p.id,
      ninIndex: p.ninIndex,
      ipmId: ipmA,
      employerId,
      from: '2026-01-01',
    });
    const suspensionId = await insertSuspension(db, { employerId, from: '2026-11-01' });
    const child = await insertDependant(db, { participantId: p.id, rank: 1, kind: 'enfant', birthDate: '2006-03-15' });

    const ask = async (id: string, date: string, who = people.person.agentA) =>
      (await api.gql(QUERY, { id, date }, as(who))).data.rightsAt;

    expect(await ask(p.id, '2026-10-31')).toMatchObject({
      __typename: 'RightsAnswer',
      covered: true,
      code: 'couvert',
      ipmId: ipmA,
      affiliationId,
    });
    expect(await ask(p.id, '2026-11-01', people.person.gerantA)).toMatchObject({
      covered: false,
      code: 'employeur_suspendu',
      since: '2026-11-01',
      suspensionId,
      reason:
        'Non couvert le 1er novembre 2026 : droits suspendus depuis le 1er novembre 2026, l’employeur étant en défaut (cotisations impayées).',
    });
    expect(await ask(child, '2026-10-31')).toMatchObject({
      covered: true,
      settings: { ageLimiteEnfant: 21, ageLimiteEnfantEtudiant: 25 },
    });
    expect(await ask(p.id, '2026-02-30')).toMatchObject({
      __typename: 'InvalidInputError',
      message: 'Date invalide : attendu AAAA-MM-JJ, une date qui existe.',
    });
    for (const other of [people.person.agentB, people.person.gerantB])
      expect(await ask(p.id, '2026-10-31', other)).toMatchObject({
        __typename: 'NotFoundError',
        message: 'Bénéficiaire introuvable dans votre IPM.',
      });
    expect((await ask(p.id, '2026-10-31', people.person.agentPs)).__typename).toBe('ForbiddenError');
  });
});
