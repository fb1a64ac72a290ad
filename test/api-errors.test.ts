import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { uniqueKey } from './support/harness.ts';
import { as, type People, type Person } from './support/people.ts';

// Every typed error of the API, as a client receives it: its type, its code, its French message, and
// its details (the refused event, state and role; the fields to correct).

let suite: ApiSuite;
let api: ApiServer;
let people: People;
const PIECES = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];
const opening = { denomination: 'IPM des Pêcheurs', typeIpm: 'entreprise', effectif: 80 };

beforeAll(async () => {
  suite = await createApiSuite();
  ({ api, people } = suite);
});
afterAll(() => suite?.close());

const ERROR_FIELDS = `__typename ... on Error { code message }
  ... on NotAllowedError { event state role }
  ... on InvalidInputError { fields { field message } }
  ... on ForbiddenError { operation }`;

const startCase = (person: Person | null, input: Record<string, unknown>) =>
  api
    .gql(
      `mutation($input: StartCaseInput!) { startCase(input: $input) { ${ERROR_FIELDS} ... on StartCasePayload { case { id } } } }`,
      { input },
      person ? as(person) : null,
    )
    .then((a) => a.data.startCase);

const sendEvent = (person: Person, input: Record<string, unknown>) =>
  api
    .gql(
      `mutation($input: SendEventInput!) { sendEvent(input: $input) { ${ERROR_FIELDS} ... on CasePayload { case { state revision } } } }`,
      { input },
      as(person),
    )
    .then((a) => a.data.sendEvent);

async function draft(): Promise<string> {
  const started = await startCase(people.person.gerantA, {
    processId: 'agrement',
    idempotencyKey: uniqueKey('ERR'),
    input: opening,
  });
  return started.case.id;
}

describe('typed errors', () => {
  it('NotSignedInError: no session, or an expired one', async () => {
    expect(await startCase(null, { processId: 'agrement', idempotencyKey: 'K-1', input: {} })).toEqual({
      __typename: 'NotSignedInError',
      code: 'non_authentifie',
      message: 'Vous n’êtes pas connecté, ou votre session a expiré : connectez-vous.',
    });
  });

  it('ForbiddenError: a role the permissions table does not allow', async () => {
    expect(await startCase(people.person.pilotage, { processId: 'agrement', idempotencyKey: 'K-1' })).toEqual({
      __typename: 'ForbiddenError',
      code: 'interdit',
      message: 'Votre rôle ne permet pas d’ouvrir un dossier.',
      operation: 'startCase',
    });
    const assign = await api.gql(
      `mutation { assignCase(caseId: "x") { ${ERROR_FIELDS} } }`,
      {},
      as(people.person.agentMinistere),
    );
    expect(assign.data.assignCase.message).toBe('Votre rôle ne permet pas d’attribuer un dossier.');
  });

  it('NotFoundError: no such case or process, or another organisation’s', async () => {
    expect(
      await sendEvent(people.person.gerantA, { caseId: 'agrement/ailleurs/K-404', event: 'dossier.soumettre' }),
    ).toEqual({
      __typename: 'NotFoundError',
      code: 'introuvable',
      message: 'Le dossier « agrement/ailleurs/K-404 » est introuvable.',
    });
    expect(await startCase(people.person.gerantA, { processId: 'inconnu', idempotencyKey: 'K-1' })).toEqual({
      __typename: 'NotFoundError',
      code: 'introuvable',
      message: 'Le processus « inconnu » n’existe pas.',
    });
  });

  it('NotAllowedError: not in this state, not for this role, unknown event, unmet condition, closed case', async () => {
    const caseId = await draft();
    expect(await sendEvent(people.person.directeur, { caseId, event: 'decision.accorder' })).toEqual({
      __typename: 'NotAllowedError',
      code: 'non_autorise',
      message:
        'L’action « Accorder l’agrément » n’est pas possible dans l’état « Brouillon » (rôle « Directeur (ministère) »).',
      event: 'decision.accorder',
      state: 'brouillon',
      role: 'directeur_ministere',
    });
    expect(
      await sendEvent(people.person.agentMinistere, { caseId, event: 'dossier.soumettre', input: { pieces: PIECES } }),
    ).toEqual({
      __typename: 'NotAllowedError',
      code: 'non_autorise',
      message:
        'Le rôle « Agent du ministère » ne peut pas faire l’action « Soumettre le dossier » dans l’état « Brouillon ».',
      event: 'dossier.soumettre',
      state: 'brouillon',
      role: 'agent_ministere',
    });
    const unknown = await sendEvent(people.person.gerantA, { caseId, event: 'nimporte.quoi' });
    expect(unknown).toMatchObject({ __typename: 'NotAllowedError', code: 'evenement_inconnu', event: 'nimporte.quoi' });
    expect(unknown.message).toMatch(
      /^L’action « nimporte\.quoi » n’existe pas dans le processus « Agrément d’une IPM »/,
    );
    const unmet = await sendEvent(people.person.gerantA, {
      caseId,
      event: 'dossier.soumettre',
      input: { pieces: ['statuts'] },
    });
    expect(unmet).toMatchObject({ __typename: 'NotAllowedError', code: 'condition_non_remplie', state: 'brouillon' });
    expect(unmet.message).toContain(
      'Éléments manquants : Liste des entreprises adhérentes, Effectifs, Projections financières, Organes de gouvernance.',
    );

    await sendEvent(people.person.gerantA, { caseId, event: 'dossier.abandonner' });
    const closed = await sendEvent(people.person.gerantA, {
      caseId,
      event: 'dossier.soumettre',
      input: { pieces: PIECES },
    });
    expect(closed).toMatchObject({
      __typename: 'NotAllowedError',
      code: 'non_autorise',
      message: 'Le dossier est clos (état « Abandonné par le demandeur ») : aucune action n’est plus possible.',
    });
    const upload = await api.upload(
      `mutation($caseId: ID!, $file: File!) { uploadDocument(caseId: $caseId, file: $file) { ${ERROR_FIELDS} } }`,
      { caseId },
      { name: 'tardif.pdf', content: new TextEncoder().encode('%PDF-1.4\n%%EOF') },
      as(people.person.gerantA),
    );
    expect(upload.data.uploadDocument).toMatchObject({
      __typename: 'NotAllowedError',
      message: 'Le dossier est clos : aucun document ne peut plus y être déposé.',
    });
  });

  it('InvalidInputError: field by field, in French', async () => {
    const caseId = await draft();
    expect(
      await sendEvent(people.person.gerantA, {
        caseId,
        event: 'dossier.soumettre',
        input: { pieces: ['statuts', 'inconnue'], extra: 1 },
      }),
    ).toEqual({
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message: 'Saisie invalide pour l’action « Soumettre le dossier » : 2 champs à corriger.',
      fields: [
        {
          field: 'pieces',
          message:
            '« Pièces jointes au dossier » doit être une liste parmi : Statuts, Liste des entreprises adhérentes, Effectifs, Projections financières, Organes de gouvernance.',
        },
        { field: 'extra', message: 'Champ inconnu « extra » : il ne fait pas partie de ce formulaire.' },
      ],
    });
    expect(
      await startCase(people.person.gerantA, {
        processId: 'agrement',
        idempotencyKey: uniqueKey('ERR'),
        input: { ...opening, effectif: -3, typeIpm: 'autre' },
      }),
    ).toEqual({
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message: 'Saisie invalide pour l’ouverture du dossier « Agrément d’une IPM » : 2 champs à corriger.',
      fields: [
        { field: 'typeIpm', message: '« Type d’IPM » doit être l’un de : IPM d’entreprise, IPM interentreprises.' },
        { field: 'effectif', message: '« Effectif salarié couvert » doit être au moins 1.' },
      ],
    });
    expect(
      await startCase(people.person.gerantA, { processId: 'agrement', idempotencyKey: 'a b', input: opening }),
    ).toEqual({
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message:
        'La clé d’idempotence doit compter 3 à 100 caractères parmi lettres, chiffres, point, tiret et souligné.',
      fields: [{ field: 'idempotencyKey', message: 'Clé d’idempotence invalide.' }],
    });
    expect(await sendEvent(people.person.gerantA, { caseId, event: 'dossier.soumettre', input: [1, 2] })).toMatchObject(
      {
        __typename: 'InvalidInputError',
        message: 'La saisie doit être un objet de champs.',
      },
    );
  });

  it('ConflictError: the case moved on since it was read', async () => {
    const caseId = await draft();
    await sendEvent(people.person.gerantA, { caseId, event: 'dossier.soumettre', input: { pieces: PIECES } });
    expect(
      await sendEvent(people.person.gerantA, { caseId, event: 'dossier.abandonner', expectedRevision: 1 }),
    ).toEqual({
      __typename: 'ConflictError',
      code: 'conflit',
      message:
        'Le dossier a changé depuis votre lecture (il est maintenant « Soumis, recevabilité à examiner ») : rechargez-le puis recommencez.',
    });
  });

  it('are never a stack trace: an unexpected failure is masked, in French', async () => {
    const answer = await api.gql('{ cases(first: -1) { __typename } }', {}, as(people.person.gerantA));
    expect(answer.errors?.[0]?.message).toBeDefined();
    expect(JSON.stringify(answer)).not.toMatch(/at .*\.ts:\d+/);
  });
});
