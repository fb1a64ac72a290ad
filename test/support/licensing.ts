import { expect } from 'vitest';
import type { ApiServer } from './api.ts';
import { COMPLETION, OPENING, PDF, PIECES } from './application-data.ts';
import { uniqueKey } from './harness.ts';
import { as, type Person } from './people.ts';

export { COMPLETION, OPENING, PDF, PIECES, RENEWAL_PIECES } from './application-data.ts';

// A licence application through the API, step by step, as the portal and an IPM's software make it:
// the helpers the licensing suites share.

const ERRORS = `... on Error { code message } ... on InvalidInputError { fields { field message } }
  ... on NotAllowedError { event refusedIn: state role }`;

export const CASE_FIELDS = `id businessKey processId version state revision terminal context
  parent { id processId }
  children { id processId businessKey state context }
  documents { id name kind number uploadedBy { id } }
  availableEvents { id }
  history { revision event eventLabel fromState toState fromStateLabel toStateLabel actorRole input }`;

// biome-ignore lint/suspicious/noExplicitAny: tests walk answers freely; a wrong path fails the assertion
export type Answer = Record<string, any>;

export function licensing(api: ApiServer) {
  const run = async (person: Person | null, query: string, variables: Record<string, unknown> = {}) => {
    const answer = await api.gql(query, variables, person ? as(person) : null);
    expect(answer.errors).toBeUndefined();
    return answer.data as Answer;
  };

  const start = async (person: Person, input: Record<string, unknown> = OPENING, key = uniqueKey('AGR')) =>
    (
      await run(
        person,
        `mutation($input: StartCaseInput!) { startCase(input: $input) {
          __typename ... on StartCasePayload { case { id version state } } ${ERRORS} } }`,
        { input: { processId: 'agrement', idempotencyKey: key, input } },
      )
    ).startCase as Answer;

  const send = async (
    person: Person,
    caseId: string,
    event: string,
    input?: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) =>
    (
      await run(
        person,
        `mutation($input: SendEventInput!) { sendEvent(input: $input) {
          __typename ... on CasePayload { case { id state revision version } } ${ERRORS} } }`,
        { input: { caseId, event, input, ...extra } },
      )
    ).sendEvent as Answer;

  /** Sends an event that must be accepted; returns the case after it. */
  const act = async (person: Person, caseId: string, event: string, input?: Record<string, unknown>) => {
    const result = await send(person, caseId, event, input);
    expect(result, `${event} : ${result.message ?? ''}`).toMatchObject({ __typename: 'CasePayload' });
    return result.case as Answer;
  };

  const uploadPiece = async (person: Person, caseId: string, piece: string, name = `${piece}.pdf`) =>
    (
      await api.upload(
        `mutation($caseId: ID!, $file: File!, $piece: String) { uploadDocument(caseId: $caseId, file: $file, piece: $piece) {
          __typename ... on UploadDocumentPayload { document { id name } } ${ERRORS} } }`,
        { caseId, piece },
        { name, content: PDF, type: 'application/pdf' },
        as(person),
      )
    ).data.uploadDocument as Answer;

  const uploadPieces = async (person: Person, caseId: string, pieces = PIECES) => {
    for (const piece of pieces) {
      const result = await uploadPiece(person, caseId, piece);
      expect(result, `${piece} : ${result.message ?? ''}`).toMatchObject({ __typename: 'UploadDocumentPayload' });
    }
  };

  const read = async (person: Person, caseId: string) =>
    (
      await run(
        person,
        `query($id: ID!) { case(id: $id) { __typename ... on Case { ${CASE_FIELDS} } ... on Error { code message } } }`,
        {
          id: caseId,
        },
      )
    ).case as Answer;

  /** A complete application, submitted: the case waits for the ministry's admissibility review. */
  const submitted = async (gerant: Person, opening: Record<string, unknown> = OPENING) => {
    const opened = await start(gerant, opening);
    expect(opened, opened.message).toMatchObject({ __typename: 'StartCasePayload' });
    const caseId = opened.case.id as string;
    await act(gerant, caseId, 'demande.completer', COMPLETION);
    await uploadPieces(gerant, caseId);
    await act(gerant, caseId, 'dossier.soumettre');
    return caseId;
  };

  /** Submitted, declared admissible, ICAMO's opinion given and reported on: the director decides. */
  const toDecision = async (people: { gerant: Person; agent: Person; analyste: Person }) => {
    const caseId = await submitted(people.gerant);
    await act(people.agent, caseId, 'recevabilite.valider', { piecesVerifiees: PIECES });
    await act(people.agent, caseId, 'avis.demander', { questionsAvis: 'Viabilité financière du régime proposé.' });
    await act(people.analyste, caseId, 'avis.rendre', {
      avisIcamo: 'favorable',
      motivationAvis: 'Projections prudentes et gouvernance paritaire conforme.',
    });
    await act(people.agent, caseId, 'instruction.conclure', {
      rapportInstruction: 'Dossier complet ; équilibre financier projeté satisfaisant.',
      propositionDecision: 'accorder',
    });
    return caseId;
  };

  return { run, start, send, act, uploadPiece, uploadPieces, read, submitted, toDecision };
}

/** Waits until `read` gives something `accept`s, for what happens in the background (effects, timers). */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  let last: T = await read();
  while (!accept(last)) {
    if (Date.now() > until) throw new Error(`toujours pas : ${JSON.stringify(last).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await read();
  }
  return last;
}
