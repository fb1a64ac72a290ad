import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dakarDay } from '../processes/calendar.ts';
import { createApiToken } from '../services/auth/resolve-viewer.ts';
import { findLibreOffice } from '../services/documents/pdf.ts';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { required } from './support/dependencies.ts';
import { docxText } from './support/docx-text.ts';
import {
  insertAffiliation,
  insertDependant,
  insertEmployer,
  insertParticipant,
  testDataKeys,
} from './support/enrolment.ts';

// The member card on the real server: `GET /cartes/<id>.docx|.pdf` gives the IPM holding the
// beneficiary and the participant's employer a Word card on the IPM's letterhead — card number,
// name, birth date, IPM, employer, validity — and a PDF of it with LibreOffice; another IPM's agent
// and another employer find nobody, as for an id of nobody; other roles are refused.

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const NOBODY =
  'Bénéficiaire introuvable : ni salarié de votre entreprise, ni inscrit dans votre IPM. Vérifiez le lien de la carte.';
const NIN = '2690909009998';

let suite: ApiSuite;
let participantId = '';
let childId = '';
let departedId = '';
let otherEmployerToken = '';
const cards = new Map<string, string>();

beforeAll(async () => {
  suite = await createApiSuite();
  const prisma = suite.h.prisma;
  const db = prismaSql(prisma);
  const { organisations } = suite.people;
  const ipmA = organisations.ipmA;
  const keys = testDataKeys();
  // The employer of the suite's `employeur`, adhering to IPM A (loaded without a case: its organisation set here).
  const employerId = await insertEmployer(db, ipmA, 'Huilerie du Cap-Vert');
  await prisma.employer.update({ where: { id: employerId }, data: { organisationId: organisations.employer } });
  const p = await insertParticipant(db, keys, { ipmId: ipmA, employerId, nin: NIN, birthDate: '1969-09-09' });
  participantId = p.id;
  await insertAffiliation(db, {
    participantId: p.id,
    ninIndex: p.ninIndex,
    ipmId: ipmA,
    employerId,
    from: '2026-01-01',
  });
  childId = await insertDependant(db, { participantId: p.id, rank: 1, kind: 'enfant', birthDate: '2010-05-02' });
  const gone = await insertParticipant(db, keys, { ipmId: ipmA, employerId, nin: '1700101001234' });
  departedId = gone.id;
  await insertAffiliation(db, {
    participantId: gone.id,
    ninIndex: gone.ninIndex,
    ipmId: ipmA,
    employerId,
    from: '2025-03-01',
    to: '2026-06-15',
    endReason: 'depart',
  });
  for (const row of await prisma.participant.findMany({ where: { employerId } })) cards.set(row.id, row.cardNumber);
  for (const row of await prisma.dependant.findMany({ where: { participantId: p.id } }))
    cards.set(row.id, row.cardNumber);

  // Another employer, with its own people, adhering to the same IPM.
  const other = await prisma.organisation.create({
    data: { id: `autre-employeur-${employerId.slice(0, 8)}`, kind: 'EMPLOYEUR', name: 'Autre employeur' },
  });
  const otherEmployer = await insertEmployer(db, ipmA, 'Autre employeur');
  await prisma.employer.update({ where: { id: otherEmployer }, data: { organisationId: other.id } });
  const user = await prisma.user.create({
    data: {
      email: `employeur.${other.id}@test.siamo.sn`,
      displayName: 'Autre employeur',
      passwordHash: 'sans-mot-de-passe',
      organisationId: other.id,
      roles: ['employeur'],
    },
  });
  otherEmployerToken = await createApiToken(prisma, { userId: user.id, label: 'tests' });
}, 180_000);
afterAll(() => suite?.close());

const get = (path: string, token: string) => suite.api.get(path, { token });
const text = async (response: Response) => (await docxText(Buffer.from(await response.arrayBuffer()))).body;

describe('the member card', () => {
  it('is a Word card on the IPM’s letterhead with the card number, the person, the IPM, the employer and its validity', async () => {
    const { person, organisations } = suite.people;
    const response = await get(`/cartes/${participantId}.docx`, person.agentA.token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(DOCX);
    const card = cards.get(participantId) as string;
    expect(card).toMatch(/^\d{12}$/);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="carte-assure-${card}.docx"`);
    const body = await text(response);
    // The number as printed, in groups of four digits.
    expect(body).toContain(`${card.slice(0, 4)} ${card.slice(4, 8)} ${card.slice(8)}`);
    const ipm = await suite.h.prisma.organisation.findUniqueOrThrow({ where: { id: organisations.ipmA } });
    for (const line of [
      'RÉPUBLIQUE DU SÉNÉGAL',
      'Un Peuple – Un But – Une Foi',
      ipm.name.toLocaleUpperCase('fr-FR'),
      'CARTE D’ASSURÉ',
      'DIOP',
      'Awa',
      '9 septembre 1969',
      'Participant (salarié)',
      'Huilerie du Cap-Vert',
      'À partir du 1er janvier 2026, tant que dure l’affiliation.',
      `Couvert le `,
    ])
      expect(body).toContain(line);
    expect(body).not.toContain(NIN);
    expect(body.replace(/\s/g, '')).not.toContain(NIN);
  });

  it('gives a child’s card its age limit as the end of its validity, and a departed worker’s the day before the departure', async () => {
    const gerant = suite.people.person.gerantA.token;
    const child = await text(await get(`/cartes/${childId}.docx`, gerant));
    const childCard = cards.get(childId) as string;
    expect(child.replace(/\s/g, '')).toContain(childCard);
    expect(child).toContain('Ayant droit — enfant');
    // Born 2 May 2010: 21 years on 2 May 2031, the first day no longer covered.
    expect(child).toContain('Du 1er janvier 2026 au 1er mai 2031 inclus.');
    expect(child).toContain('2 mai 2010');
    const holder = cards.get(participantId) as string;
    expect(child).toContain(`Awa Diop — carte n° ${holder.slice(0, 4)} ${holder.slice(4, 8)} ${holder.slice(8)}`);

    const departed = await text(await get(`/cartes/${departedId}.docx`, gerant));
    expect(departed).toContain('Du 1er mars 2025 au 14 juin 2026 inclus.');
    if (dakarDay(new Date()) >= '2026-06-15')
      expect(departed).toContain('départ de l’entreprise le 15 juin 2026, fin des droits à cette date.');
  });

  it('is given to the employer for its own workers, and to nobody of another employer or another IPM', async () => {
    const { person } = suite.people;
    const mine = await get(`/cartes/${childId}.docx`, person.employeur.token);
    expect(mine.status).toBe(200);
    expect(await text(mine)).toContain('Huilerie du Cap-Vert');
    for (const token of [otherEmployerToken, person.agentB.token, person.gerantB.token]) {
      for (const id of [participantId, childId]) {
        const refused = await get(`/cartes/${id}.docx`, token);
        expect(refused.status).toBe(404);
        expect(await refused.json()).toEqual({ erreur: NOBODY });
      }
    }
    // Other roles are refused by the permissions table, before any lookup.
    const provider = await get(`/cartes/${participantId}.docx`, person.agentPs.token);
    expect(provider.status).toBe(403);
    expect(await provider.json()).toEqual({ erreur: 'Votre rôle ne permet pas de télécharger une carte d’assuré.' });
    const signedOut = await suite.api.get(`/cartes/${participantId}.docx`, null);
    expect(signedOut.status).toBe(401);
  });

  it('answers an id of nobody with a French 404, and an address that is no card is not one of its routes', async () => {
    const agent = suite.people.person.agentA.token;
    const unknown = await get('/cartes/00000000-0000-4000-8000-000000000000.docx', agent);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ erreur: NOBODY });
    const post = await fetch(`${suite.api.url}/cartes/${participantId}.docx`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent}` },
    });
    expect(post.status).toBe(405);
  });

  it.runIf(
    required(
      'LibreOffice',
      findLibreOffice() !== null,
      'Debian : apt-get install libreoffice-writer-nogui, ou LIBREOFFICE_PATH',
    ),
  )(
    'as PDF is the same card converted by LibreOffice',
    async () => {
      const response = await get(`/cartes/${participantId}.pdf`, suite.people.person.employeur.token);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      const card = cards.get(participantId) as string;
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="carte-assure-${card}.pdf"`);
      const pdf = Buffer.from(await response.arrayBuffer());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.subarray(-1024).toString()).toContain('%%EOF');
      expect(pdf.toString('latin1')).toMatch(/\/Type\s*\/Page\b/);
    },
    120_000,
  );
});
