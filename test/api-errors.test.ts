import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { uniqueKey } from './support/harness.ts';
import { licensing } from './support/licensing.ts';
import { as, type People, type Person } from './support/people.ts';

// Every typed error of the API, as a client receives it: its type, its code, its French message, and
// its details (the refused event, state and role; the fields to correct).

let suite: ApiSuite;
let api: ApiServer;
let people: People;
let l: ReturnType<typeof licensing>;
// An IPM d’entreprise below the minimum headcount: its application can never be submitted.
const opening = {
  denomination: 'IPM des Pêcheurs',
  typeIpm: 'entreprise',
  adresseSiege: 'Quai de pêche, Mbour',
  effectif: 80,
};

beforeAll(async () => {
  suite = await createApiSuite();
  ({ api, people } = suite);
  l = licensing(api);
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
    expect(await sendEvent(people.person.agentMinistere, { caseId, event: 'dossier.soumettre' })).toEqual({
      __typename: 'NotAllowedError',
      code: 'non_autorise',
      message:
        'Le rôle « Agent du ministère » ne peut pas faire l’action « Soumettre la demande » dans l’état « Brouillon ».',
      event: 'dossier.soumettre',
      state: 'brouillon',
      role: 'agent_ministere',
    });
    const unknown = await sendEvent(people.person.gerantA, { caseId, event: 'nimporte.quoi' });
    expect(unknown).toMatchObject({ __typename: 'NotAllowedError', code: 'evenement_inconnu', event: 'nimporte.quoi' });
    expect(unknown.message).toMatch(
      /^L’action « nimporte\.quoi » n’existe pas dans le processus « Agrément d’une IPM »/,
    );
    // One piece given, the rest of the application missing: every reason at once, in French.
    await l.uploadPieces(people.person.gerantA, caseId, ['statuts']);
    const unmet = await sendEvent(people.person.gerantA, { caseId, event: 'dossier.soumettre' });
    expect(unmet).toEqual({
      __typename: 'NotAllowedError',
      code: 'condition_non_remplie',
      message:
        'L’action « Soumettre la demande » n’est pas possible dans l’état « Brouillon » : ' +
        'À remplir d’abord : Nombre d’entreprises adhérentes, ' +
        'Entreprises adhérentes (une par ligne : raison sociale, n° CSS/IPRES, effectif), ' +
        'Organes de gouvernance (conseil d’administration, commission de contrôle, gérant), ' +
        'Cotisations annuelles prévues, Prestations annuelles prévues. ' +
        'Pièces à déposer d’abord : Liste des entreprises adhérentes, État des effectifs salariés, ' +
        'Projections financières, Procès-verbal de constitution des organes de gouvernance. ' +
        'Une IPM d’entreprise doit couvrir au moins 300 salariés, et l’effectif déclaré est inférieur : ' +
        'l’entreprise doit adhérer à une IPM interentreprises (ou corrigez le type ou l’effectif de la demande).',
      event: 'dossier.soumettre',
      state: 'brouillon',
      role: 'gerant_ipm',
    });

    await sendEvent(people.person.gerantA, { caseId, event: 'dossier.abandonner' });
    const closed = await sendEvent(people.person.gerantA, { caseId, event: 'dossier.soumettre' });
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
    // A file of this very case, so that the references pass and the form itself is checked.
    const uploaded = await api.upload(
      'mutation($caseId: ID!, $file: File!) { uploadDocument(caseId: $caseId, file: $file) { ... on UploadDocumentPayload { document { id } } } }',
      { caseId },
      { name: 'statuts.pdf', content: new TextEncoder().encode('%PDF-1.4\n%%EOF') },
      as(people.person.gerantA),
    );
    const documentId = uploaded.data.uploadDocument.document.id;
    expect(
      await sendEvent(people.person.gerantA, {
        caseId,
        event: 'pieces.deposer',
        input: { pieces: { statuts: documentId, inconnue: documentId }, extra: 1 },
      }),
    ).toEqual({
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message: 'Saisie invalide pour l’action « Déposer une pièce » : 2 champs à corriger.',
      fields: [
        {
          field: 'pieces',
          message:
            '« Pièces du dossier » : pièce inconnue ; les pièces sont : Statuts de l’IPM, Liste des entreprises adhérentes, ' +
            'État des effectifs salariés, Projections financières, Procès-verbal de constitution des organes de gouvernance.',
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
      fields: [
        {
          field: 'idempotencyKey',
          message:
            'La clé d’idempotence doit compter 3 à 100 caractères parmi lettres, chiffres, point, tiret et souligné.',
        },
      ],
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
    // Completing the draft makes a new revision; the state stays the same.
    const completed = await sendEvent(people.person.gerantA, {
      caseId,
      event: 'demande.completer',
      input: { nombreEntreprises: 1 },
    });
    expect(completed).toMatchObject({ __typename: 'CasePayload', case: { state: 'brouillon', revision: 2 } });
    expect(
      await sendEvent(people.person.gerantA, { caseId, event: 'dossier.abandonner', expectedRevision: 1 }),
    ).toEqual({
      __typename: 'ConflictError',
      code: 'conflit',
      message:
        'Le dossier a changé depuis votre lecture (il est maintenant « Brouillon ») : rechargez-le puis recommencez.',
    });
    // Refused, the abandonment changed nothing.
    expect(await l.read(people.person.gerantA, caseId)).toMatchObject({ state: 'brouillon', revision: 2 });
  });

  it('are never a stack trace: an unexpected failure is masked, in French', async () => {
    // A broken dependency: the cases' table gone from under the API (in this suite's own database).
    const ask = () =>
      api.gql(
        '{ cases(first: 5) { __typename ... on CasesSuccess { data { edges { node { id } } } } } }',
        {},
        as(people.person.gerantA),
      );
    expect((await ask()).data.cases.__typename).toBe('CasesSuccess');
    await suite.h.prisma.$executeRawUnsafe('ALTER TABLE "Case" RENAME TO "Case_absente"');
    let answer: Awaited<ReturnType<typeof ask>>;
    try {
      answer = await ask();
    } finally {
      await suite.h.prisma.$executeRawUnsafe('ALTER TABLE "Case_absente" RENAME TO "Case"');
    }
    expect(answer.status).toBe(200);
    // `cases` cannot be null: the whole answer has no data, only the masked error.
    expect(answer.data).toEqual({});
    expect(answer.errors?.map((e) => e.message)).toEqual(['Erreur interne : l’incident est journalisé.']);
    const text = JSON.stringify(answer);
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(text).not.toMatch(/stack|prisma|SELECT|relation|Case_absente|"Case"/i);
    // The database back, the same question answers again.
    expect((await ask()).data.cases.__typename).toBe('CasesSuccess');
  });
});
