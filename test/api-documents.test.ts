import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { uniqueKey } from './support/harness.ts';
import { licensing, OPENING } from './support/licensing.ts';
import { as, type People, type Person, TEST_PASSWORD } from './support/people.ts';

// Documents attached to cases: uploaded with the GraphQL multipart request, checked against the
// allow-list and the size limit, stored once by content hash under the data folder, attached to an
// item of the case's checklist when asked, and downloaded with the same rights as their case — as a
// download, or shown inline within Siamo's pages.

const MAX_BYTES = 2048;
let suite: ApiSuite;
let api: ApiServer;
let people: People;
let l: ReturnType<typeof licensing>;
let caseId = '';

const UPLOAD = `mutation($caseId: ID!, $file: File!) { uploadDocument(caseId: $caseId, file: $file) {
  __typename
  ... on UploadDocumentPayload { document { id name mimeType size sha256 downloadPath uploadedBy { id } } }
  ... on Error { code message }
  ... on InvalidInputError { fields { field message } } } }`;

const bytes = (text: string) => new TextEncoder().encode(text);
const PDF = bytes('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const DOCX = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 6, 0, 8, 0]);

const upload = async (name: string, content: Uint8Array, person: Person = people.person.gerantA, id = caseId) =>
  (await api.upload(UPLOAD, { caseId: id }, { name, content }, as(person))).data.uploadDocument;

beforeAll(async () => {
  suite = await createApiSuite({ uploadMaxBytes: MAX_BYTES });
  ({ api, people } = suite);
  l = licensing(api);
  caseId = (await l.start(people.person.gerantA, OPENING, uniqueKey('DOC'))).case.id;
});
afterAll(() => suite?.close());

describe('uploading', () => {
  it('stores the file once under its SHA-256 and attaches it to the case', async () => {
    const sha256 = createHash('sha256').update(PDF).digest('hex');
    const first = await upload('Statuts signés.pdf', PDF);
    expect(first).toMatchObject({
      __typename: 'UploadDocumentPayload',
      document: {
        name: 'Statuts signés.pdf',
        mimeType: 'application/pdf',
        size: PDF.byteLength,
        sha256,
        uploadedBy: { id: people.person.gerantA.id },
      },
    });
    expect(first.document.downloadPath).toBe(`/documents/${first.document.id}`);
    expect(readFileSync(path.join(api.dataDir, 'documents', sha256))).toEqual(Buffer.from(PDF));

    const again = await upload('copie.pdf', PDF, people.person.agentA);
    expect(again.document.sha256).toBe(sha256);
    const listed = await api.gql(
      'query($id: ID!) { case(id: $id) { ... on Case { documents { name uploadedBy { id } } } } }',
      { id: caseId },
      as(people.person.gerantA),
    );
    expect(listed.data.case.documents).toEqual([
      { name: 'Statuts signés.pdf', uploadedBy: { id: people.person.gerantA.id } },
      { name: 'copie.pdf', uploadedBy: { id: people.person.agentA.id } },
    ]);
  });

  it('accepts Word, spreadsheets and images, and keeps only the file’s own name', async () => {
    expect((await upload('rapport.docx', DOCX)).document.mimeType).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect((await upload('effectifs.csv', bytes('nom;effectif\nA;12\n'))).document.mimeType).toBe('text/csv');
    expect((await upload('scan.PNG', PNG)).document.mimeType).toBe('image/png');
    expect((await upload('../../etc/statuts.pdf', PDF)).document.name).toBe('statuts.pdf');
  });

  it('refuses other types, and content that does not match its extension', async () => {
    const refused = {
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message:
        'Type de fichier non accepté : déposez un PDF, une image (PNG, JPEG), un document Word (DOC, DOCX, ODT) ou un tableur (XLS, XLSX, ODS, CSV).',
    };
    expect(await upload('outil.exe', bytes('MZ\x90\x00'))).toMatchObject(refused);
    expect(await upload('page.html', bytes('<script>alert(1)</script>'))).toMatchObject(refused);
    expect(await upload('sans-extension', PDF)).toMatchObject(refused);
    expect(await upload('image.pdf', PNG)).toEqual({
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message: 'Le contenu du fichier ne correspond pas à son extension « .pdf ».',
      fields: [{ field: 'file', message: 'Le contenu du fichier ne correspond pas à son extension « .pdf ».' }],
    });
    expect(await upload('vide.pdf', new Uint8Array())).toMatchObject({ message: 'Le fichier est vide.' });
  });

  it('refuses a file over the limit: as typed input just over it, at the door far over it', async () => {
    const over = new Uint8Array(MAX_BYTES + 1);
    over.set(PDF);
    expect(await upload('gros.pdf', over)).toEqual({
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message: 'Le fichier dépasse la taille maximale de 2 Ko.',
      fields: [{ field: 'file', message: 'Le fichier dépasse la taille maximale de 2 Ko.' }],
    });
    const huge = new Uint8Array(1024 * 1024);
    huge.set(PDF);
    const answer = await api.upload(
      UPLOAD,
      { caseId },
      { name: 'enorme.pdf', content: huge },
      as(people.person.gerantA),
    );
    expect(answer.status).toBe(413);
    expect(answer.errors?.[0]?.message).toBe('Le fichier dépasse la taille maximale de 2 Ko.');
    expect(await suite.h.prisma.document.count({ where: { name: { in: ['gros.pdf', 'enorme.pdf'] } } })).toBe(0);
  });

  it('refuses a form post that does not say it comes from a page of Siamo (CSRF prevention)', async () => {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: UPLOAD, variables: { caseId, file: null } }));
    form.set('map', JSON.stringify({ 0: ['variables.file'] }));
    form.set('0', new Blob([PDF]), 'piece.pdf');
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${people.person.gerantA.token}` },
      body: form,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [
        {
          message:
            'Requête refusée : un envoi de formulaire ou de fichier doit porter l’en-tête GraphQL-Require-Preflight.',
          extensions: { code: 'requete_refusee' },
        },
      ],
    });
  });

  it('needs a session, and the case must be one the person may see', async () => {
    const anonymous = await api.upload(UPLOAD, { caseId }, { name: 'a.pdf', content: PDF }, null);
    expect(anonymous.data.uploadDocument.__typename).toBe('NotSignedInError');
    expect((await upload('b.pdf', PDF, people.person.gerantB)).__typename).toBe('NotFoundError');
  });
});

describe('attaching to the checklist', () => {
  const gerant = () => people.person.gerantA;
  /** What the checklist, the history and the files of a case hold. */
  const snapshot = async (id: string) => {
    const read = await l.read(gerant(), id);
    return {
      state: read.state,
      revision: read.revision,
      pieces: read.context.pieces ?? null,
      documents: await suite.h.prisma.document.count({ where: { caseId: id } }),
    };
  };

  it('makes the file that item of the case’s checklist, through the checklist event', async () => {
    const draft = (await l.start(gerant())).case.id;
    const statuts = await l.uploadPiece(gerant(), draft, 'statuts', 'Statuts signés.pdf');
    expect(statuts).toMatchObject({ __typename: 'UploadDocumentPayload', document: { name: 'Statuts signés.pdf' } });
    const read = await l.read(gerant(), draft);
    expect(read).toMatchObject({
      state: 'brouillon',
      revision: 2,
      context: { pieces: { statuts: statuts.document.id } },
    });
    expect(read.documents.map((d: { id: string }) => d.id)).toEqual([statuts.document.id]);
    expect(read.history.at(-1)).toMatchObject({
      revision: 2,
      event: 'pieces.deposer',
      fromState: 'brouillon',
      toState: 'brouillon',
      actorRole: 'gerant_ipm',
      input: { pieces: { statuts: statuts.document.id } },
    });
    // Items are attached one by one: the next adds to the checklist.
    const effectifs = await l.uploadPiece(gerant(), draft, 'effectifs');
    expect((await l.read(gerant(), draft)).context.pieces).toEqual({
      statuts: statuts.document.id,
      effectifs: effectifs.document.id,
    });
  });

  it('refuses an unknown item, a role that does not keep the checklist, a closed checklist: no file is kept', async () => {
    const draft = (await l.start(gerant())).case.id;
    const before = await snapshot(draft);
    const unknown = await l.uploadPiece(gerant(), draft, 'bilan');
    expect(unknown).toMatchObject({
      __typename: 'NotAllowedError',
      code: 'non_autorise',
      message: 'Cette pièce ne fait pas partie des pièces que vous pouvez déposer à cette étape du dossier.',
      refusedIn: 'brouillon',
    });
    // The IPM's agent may upload to the case, but the checklist is the gérant's.
    expect(await l.uploadPiece(people.person.agentA, draft, 'statuts')).toMatchObject({
      __typename: 'NotAllowedError',
      code: 'non_autorise',
      refusedIn: 'brouillon',
    });
    // A file the upload policy refuses is not attached either.
    expect(await l.uploadPiece(gerant(), draft, 'statuts', 'statuts.exe')).toMatchObject({
      __typename: 'InvalidInputError',
      fields: [{ field: 'file' }],
    });
    expect(await snapshot(draft)).toEqual(before);

    // Submitted, the application's checklist is closed (the case still takes other files).
    const submitted = await l.submitted(gerant());
    const sent = await snapshot(submitted);
    expect(sent.state).toBe('soumis');
    const late = await l.uploadPiece(gerant(), submitted, 'statuts');
    expect(late).toMatchObject({
      __typename: 'NotAllowedError',
      code: 'non_autorise',
      message: 'Cette pièce ne fait pas partie des pièces que vous pouvez déposer à cette étape du dossier.',
      refusedIn: 'soumis',
    });
    expect(await snapshot(submitted)).toEqual(sent);
  });

  it('takes as a piece only a file uploaded to the case itself', async () => {
    const draft = (await l.start(gerant())).case.id;
    const before = await snapshot(draft);
    const elsewhere = (await upload('statuts-autre-dossier.pdf', PDF)).document.id;
    const refusal = {
      __typename: 'InvalidInputError',
      code: 'saisie_invalide',
      message: 'Un document désigné n’appartient pas à ce dossier.',
      fields: [
        {
          field: 'pieces',
          message: '« Pièces du dossier » : chaque pièce doit désigner un document déposé dans ce dossier.',
        },
      ],
    };
    expect(await l.send(gerant(), draft, 'pieces.deposer', { pieces: { statuts: elsewhere } })).toEqual(refusal);
    expect(
      await l.send(gerant(), draft, 'pieces.deposer', { pieces: { statuts: '00000000-0000-4000-8000-000000000000' } }),
    ).toEqual(refusal);
    // Someone who may not send the event hears that first, not about the documents it names.
    expect(
      await l.send(people.person.agentA, draft, 'pieces.deposer', { pieces: { statuts: elsewhere } }),
    ).toMatchObject({ __typename: 'NotAllowedError', code: 'non_autorise' });
    expect(await snapshot(draft)).toEqual(before);
  });
});

describe('downloading', () => {
  let documentId = '';
  let imageId = '';
  let wordId = '';
  beforeAll(async () => {
    documentId = (await upload('Procès-verbal.pdf', PDF)).document.id;
    imageId = (await upload('scan.png', PNG)).document.id;
    wordId = (await upload('rapport.docx', DOCX)).document.id;
  });

  it('gives the file to whoever may see the case, as a download', async () => {
    const { cookie } = await api.signIn(people.person.agentA.email, TEST_PASSWORD);
    for (const credentials of [{ cookie }, as(people.person.gerantA), as(people.person.agentMinistere)]) {
      const response = await api.get(`/documents/${documentId}`, credentials);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="Proces-verbal.pdf"; filename*=UTF-8''${encodeURIComponent('Procès-verbal.pdf')}`,
      );
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(PDF);
    }
  });

  it('shows a PDF or an image inline, within Siamo’s pages only, when a preview is asked', async () => {
    for (const [id, mimeType, content] of [
      [documentId, 'application/pdf', PDF],
      [imageId, 'image/png', PNG],
    ] as const) {
      const response = await api.get(`/documents/${id}?apercu=1`, as(people.person.agentMinistere));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(mimeType);
      expect(response.headers.get('content-disposition')).toMatch(/^inline; filename="/);
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("default-src 'none'");
      expect(policy).toContain("frame-ancestors 'self'");
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(content);
    }
    // What a browser would not show by itself stays a download, in a sandbox.
    const word = await api.get(`/documents/${wordId}?apercu=1`, as(people.person.gerantA));
    expect(word.status).toBe(200);
    expect(word.headers.get('content-disposition')).toBe(
      `attachment; filename="rapport.docx"; filename*=UTF-8''rapport.docx`,
    );
    expect(word.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    // A preview has the rights of a download.
    expect((await api.get(`/documents/${documentId}?apercu=1`)).status).toBe(401);
    expect((await api.get(`/documents/${documentId}?apercu=1`, as(people.person.gerantB))).status).toBe(404);
  });

  it('answers 401 without a session, 404 to another IPM and for an unknown id', async () => {
    expect((await api.get(`/documents/${documentId}`)).status).toBe(401);
    const other = await api.get(`/documents/${documentId}`, as(people.person.gerantB));
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ erreur: 'Document introuvable.' });
    expect((await api.get('/documents/00000000-0000-4000-8000-000000000000', as(people.person.gerantA))).status).toBe(
      404,
    );
  });
});
