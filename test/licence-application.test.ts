import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentPath } from '../services/uploads/document-store.ts';
import type { ApiServer } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { docxText } from './support/docx-text.ts';
import { COMPLETION, eventually, licensing, OPENING, PIECES } from './support/licensing.ts';
import { createMailLab, type MailLab, recipientOf } from './support/mail.ts';
import type { People } from './support/people.ts';

// An IPM's licence application (agrément, the newest version), end to end through the API: the
// gérant's draft and its checklist, the refusal at submission below the minimum headcount, the
// ministry's admissibility review with complements (answered, or left to the deadline), the
// instruction with ICAMO's opinion and its own deadline, the director's grant (number, validity,
// register, decision) or refusal (motivated letter) — with real mail through SMTP and real documents.

let suite: ApiSuite;
let api: ApiServer;
let people: People;
let lab: MailLab;
let l: ReturnType<typeof licensing>;

beforeAll(async () => {
  lab = await createMailLab();
  suite = await createApiSuite({
    dependencies: { mail: lab.settings, dataDir: lab.dataDir },
    durationOverrides: {
      'agrement.delaiComplements': 'PT9S',
      'agrement.premierRappelComplements': 'PT6S',
      'agrement.dernierRappelComplements': 'PT3S',
      'agrement.examenAvisIcamo': 'PT2S',
      'agrement.delaiAvisIcamo': 'PT8S',
      'agrement.preavisAvisIcamo': 'PT6S',
      'agrement.delaiEscalade': 'PT2S',
    },
  });
  ({ api, people } = suite);
  l = licensing(api);
});
afterAll(async () => {
  await suite?.close();
  await lab?.close();
});

const gerant = () => people.person.gerantA;
const agent = () => people.person.agentMinistere;
const directeur = () => people.person.directeur;

/** What the gérant received about a case, by subject (real mail, parsed). */
const mailsTo = async (email: string, businessKey: string) =>
  (await lab.caught())
    .filter((m) => recipientOf(m) === email && m.subject?.includes(businessKey))
    .map((m) => m.subject ?? '')
    .sort();

describe('the draft', () => {
  it('refuses to submit what is missing, then an IPM d’entreprise below the minimum headcount', async () => {
    const opened = await l.start(gerant(), { ...OPENING, typeIpm: 'entreprise', effectif: 120 });
    expect(opened).toMatchObject({ __typename: 'StartCasePayload', case: { version: 4, state: 'brouillon' } });
    const caseId = opened.case.id;

    const empty = await l.send(gerant(), caseId, 'dossier.soumettre');
    expect(empty).toMatchObject({
      __typename: 'NotAllowedError',
      code: 'condition_non_remplie',
      refusedIn: 'brouillon',
    });
    expect(empty.message).toBe(
      'L’action « Soumettre la demande » n’est pas possible dans l’état « Brouillon » : ' +
        'À remplir d’abord : Nombre d’entreprises adhérentes, ' +
        'Entreprises adhérentes (une par ligne : raison sociale, n° CSS/IPRES, effectif), ' +
        'Organes de gouvernance (conseil d’administration, commission de contrôle, gérant), ' +
        'Cotisations annuelles prévues, Prestations annuelles prévues. ' +
        'Pièces à déposer d’abord : Statuts de l’IPM, Liste des entreprises adhérentes, État des effectifs salariés, ' +
        'Projections financières, Procès-verbal de constitution des organes de gouvernance. ' +
        'Une IPM d’entreprise doit couvrir au moins 300 salariés, et l’effectif déclaré est inférieur : ' +
        'l’entreprise doit adhérer à une IPM interentreprises (ou corrigez le type ou l’effectif de la demande).',
    );

    await l.act(gerant(), caseId, 'demande.completer', COMPLETION);
    await l.uploadPieces(gerant(), caseId);
    const before = await l.read(gerant(), caseId);
    expect(Object.keys(before.context.pieces).sort()).toEqual([...PIECES].sort());
    expect(before.documents.map((d: { name: string }) => d.name).sort()).toEqual(PIECES.map((p) => `${p}.pdf`).sort());

    // Everything is there but the headcount: the reason, and the alternative, alone.
    const small = await l.send(gerant(), caseId, 'dossier.soumettre');
    expect(small.message).toBe(
      'L’action « Soumettre la demande » n’est pas possible dans l’état « Brouillon » : ' +
        'Une IPM d’entreprise doit couvrir au moins 300 salariés, et l’effectif déclaré est inférieur : ' +
        'l’entreprise doit adhérer à une IPM interentreprises (ou corrigez le type ou l’effectif de la demande).',
    );
    const after = await l.read(gerant(), caseId);
    expect({ state: after.state, revision: after.revision }).toEqual({ state: 'brouillon', revision: before.revision });

    // The same application as an IPM interentreprises goes through.
    await l.act(gerant(), caseId, 'demande.completer', { typeIpm: 'interentreprises' });
    expect(await l.act(gerant(), caseId, 'dossier.soumettre')).toMatchObject({ state: 'soumis' });
  });

  it('attaches only the case’s own uploads, and only while the checklist is open', async () => {
    const first = (await l.start(gerant())).case.id;
    const second = (await l.start(gerant())).case.id;
    const upload = await l.uploadPiece(gerant(), first, 'statuts');
    const foreign = await l.send(gerant(), second, 'pieces.deposer', { pieces: { statuts: upload.document.id } });
    expect(foreign).toMatchObject({
      __typename: 'InvalidInputError',
      fields: [
        {
          field: 'pieces',
          message: '« Pièces du dossier » : chaque pièce doit désigner un document déposé dans ce dossier.',
        },
      ],
    });
    const unknown = await l.uploadPiece(gerant(), first, 'bilan');
    expect(unknown).toMatchObject({ __typename: 'NotAllowedError', code: 'non_autorise' });

    const submitted = await l.submitted(gerant());
    const documents = (await l.read(gerant(), submitted)).documents.length;
    const late = await l.uploadPiece(gerant(), submitted, 'statuts');
    expect(late).toMatchObject({ __typename: 'NotAllowedError', code: 'non_autorise' });
    // Refused, the file is not kept either.
    expect((await l.read(gerant(), submitted)).documents).toHaveLength(documents);
  });
});

describe('the ministry’s review', () => {
  it('grants the licence: a number, a validity, the register and the decision', async () => {
    const caseId = await l.submitted(gerant());
    const partial = await l.send(agent(), caseId, 'recevabilite.valider', { piecesVerifiees: ['statuts'] });
    expect(partial.message).toContain(
      'Éléments manquants : Liste des entreprises adhérentes, État des effectifs salariés',
    );
    await l.act(agent(), caseId, 'recevabilite.valider', { piecesVerifiees: PIECES });
    await l.act(agent(), caseId, 'avis.demander', { questionsAvis: 'Viabilité financière du régime proposé.' });
    await l.act(people.person.analyste, caseId, 'avis.rendre', {
      avisIcamo: 'favorable',
      motivationAvis: 'Projections prudentes et gouvernance paritaire conforme.',
    });
    await l.act(agent(), caseId, 'instruction.conclure', {
      rapportInstruction: 'Dossier complet, avis favorable de l’ICAMO.',
      propositionDecision: 'accorder',
    });
    const beforeGrant = Date.now();
    expect(await l.act(directeur(), caseId, 'decision.accorder', { observations: 'Conforme.' })).toMatchObject({
      state: 'accorde',
    });
    const afterGrant = Date.now();

    // Read straight after the answer: the grant's awaited effects (the licence, the decision) are there.
    const granted = await l.read(gerant(), caseId);
    expect(granted.children).toHaveLength(1);
    expect(granted.documents.map((d: { kind: string }) => d.kind)).toContain('decision_agrement');
    const { debutValidite, finValidite } = granted.context;
    // The licence starts at the grant itself: between the request and its answer.
    expect(Date.parse(debutValidite)).toBeGreaterThanOrEqual(beforeGrant);
    expect(Date.parse(debutValidite)).toBeLessThanOrEqual(afterGrant);
    const end = new Date(debutValidite);
    end.setUTCFullYear(end.getUTCFullYear() + 5);
    expect(finValidite).toBe(end.toISOString());

    const [licence] = granted.children;
    const year = new Date().getUTCFullYear();
    expect(licence).toMatchObject({ processId: 'licence', state: 'en_vigueur' });
    expect(licence.businessKey).toMatch(new RegExp(`^AGR-${year}-\\d{4}$`));
    expect(licence.context).toMatchObject({
      numero: licence.businessKey,
      denomination: OPENING.denomination,
      typeIpm: 'interentreprises',
      debutValidite,
      finValidite,
    });
    expect((await l.read(gerant(), licence.id)).parent).toEqual({ id: caseId, processId: 'agrement' });

    const decision = granted.documents.find((d: { kind: string }) => d.kind === 'decision_agrement');
    const { body } = await docxText(readFileSync(documentPath(lab.dataDir, await sha256Of(decision.id))));
    const text = body.replace(/\u202f|\u00a0/g, ' ');
    expect(text).toContain(`est agréée sous le numéro ${licence.businessKey}.`);
    expect(text).toMatch(/Article 2\. — Le présent agrément est valable du \d{1,2} \S+ \d{4} au \d{1,2} \S+ \d{4}\./);
    expect(text).toContain('L’institution est inscrite au registre des Institutions de Prévoyance Maladie agréées.');

    // The public register shows it to anyone, without signing in.
    const register = await l.run(
      null,
      `query($text: String) { register(text: $text) { numero denomination sigle typeIpmLabel status statusLabel
        debutValidite finValidite history { label } } }`,
      { text: licence.businessKey },
    );
    expect(register.register).toEqual([
      {
        numero: licence.businessKey,
        denomination: OPENING.denomination,
        sigle: OPENING.sigle,
        typeIpmLabel: 'IPM interentreprises',
        status: 'en_vigueur',
        statusLabel: 'En vigueur',
        debutValidite,
        finValidite,
        history: [{ label: 'Agrément accordé' }],
      },
    ]);

    const businessKey = caseId.split('/')[2] as string;
    await expect
      .poll(() => mailsTo(people.person.gerantA.email, businessKey), { timeout: 10_000 })
      .toContain(`Dossier ${businessKey} : Agrément accordé`);
  });

  it('asks for complements; the gérant replaces a piece and answers; the file goes back to the agent', async () => {
    const caseId = await l.submitted(gerant());
    await l.act(agent(), caseId, 'recevabilite.demanderComplements', {
      piecesARevoir: ['statuts'],
      complementsDemandes: 'Statuts signés par tous les membres fondateurs.',
    });
    const asked = await l.read(gerant(), caseId);
    expect(asked.documents.map((d: { kind: string }) => d.kind)).toContain('demande_complements');
    const oldStatuts = asked.context.pieces.statuts;
    await l.uploadPiece(gerant(), caseId, 'statuts', 'statuts-signes.pdf');
    const back = await l.act(gerant(), caseId, 'complements.repondre', {
      reponseComplements: 'Statuts signés joints.',
    });
    expect(back.state).toBe('soumis');
    const after = await l.read(agent(), caseId);
    expect(after.context.pieces.statuts).not.toBe(oldStatuts);
    expect(Object.keys(after.context.pieces).sort()).toEqual([...PIECES].sort());
    expect(after.history.map((h: { event: string }) => h.event).slice(-3)).toEqual([
      'recevabilite.demanderComplements',
      'pieces.deposer',
      'complements.repondre',
    ]);
  });

  it('closes the file without follow-up when complements do not come, after two reminders', async () => {
    const caseId = await l.submitted(gerant());
    await l.act(agent(), caseId, 'recevabilite.demanderComplements', {
      complementsDemandes: 'Projections financières sur trois exercices.',
    });
    const closed = await eventually(
      () => l.read(gerant(), caseId),
      (c) => c.state === 'classe_sans_suite',
    );
    expect(closed.history.at(-1)).toMatchObject({ event: 'delai.expirer', actorRole: 'systeme' });
    const businessKey = caseId.split('/')[2] as string;
    await expect
      .poll(() => mailsTo(people.person.gerantA.email, businessKey), { timeout: 10_000 })
      .toEqual(
        [
          `Dossier ${businessKey} : Classé sans suite`,
          `Dossier ${businessKey} : votre action est attendue`,
          expect.stringMatching(new RegExp(`^Dossier ${businessKey} : échéance le `)),
          expect.stringMatching(new RegExp(`^Dossier ${businessKey} : échéance le `)),
        ].sort(),
      );
  });

  it('refuses the licence with a motivated letter, and nothing enters the register', async () => {
    const caseId = await l.toDecision({ gerant: gerant(), agent: agent(), analyste: people.person.analyste });
    await l.act(directeur(), caseId, 'decision.refuser', {
      motifRefus: 'Les projections financières ne couvrent pas les prestations obligatoires.',
    });
    const refused = await l.read(gerant(), caseId);
    expect(refused).toMatchObject({ state: 'refuse', terminal: true, children: [] });
    const letter = refused.documents.find((d: { kind: string }) => d.kind === 'lettre_refus');
    const { body } = await docxText(readFileSync(documentPath(lab.dataDir, await sha256Of(letter.id))));
    expect(body).toContain('Les projections financières ne couvrent pas les prestations obligatoires.');
  });
});

describe('ICAMO’s opinion', () => {
  it('has its own deadline: ICAMO is warned, reminded, its steering alerted, then the agent goes on without it', async () => {
    const caseId = await l.submitted(gerant());
    await l.act(agent(), caseId, 'recevabilite.valider', { piecesVerifiees: PIECES });
    await l.act(agent(), caseId, 'avis.demander', { questionsAvis: 'Soutenabilité des cotisations prévues.' });
    const back = await eventually(
      () => l.read(agent(), caseId),
      (c) => c.state === 'en_instruction' && c.history.at(-1).event === 'avis.expirer',
    );
    expect(back.history.at(-1)).toMatchObject({ fromState: 'avis_icamo', actorRole: 'systeme' });
    // Messages are recorded by the effects that follow each transition or alarm: wait for the last one,
    // the agent's, recorded for the expiry's own transition.
    const expiry = back.history.at(-1).revision;
    const notices = await eventually(
      () => suite.h.prisma.notification.findMany({ where: { caseId }, orderBy: { id: 'asc' } }),
      (rows) => rows.some((n) => n.revision === expiry && n.kind === 'action_requise'),
    );
    expect(notices.map((n) => `${n.kind}→${n.recipientRole}`)).toEqual(
      expect.arrayContaining([
        'action_requise→analyste_icamo',
        'echeance_proche→analyste_icamo',
        'retard→analyste_icamo',
        'escalade→pilotage_icamo',
      ]),
    );
    // Back with the agent, who is told; under version 4 the opinion is required to go on.
    expect(notices.filter((n) => n.revision === expiry).map((n) => `${n.kind}→${n.recipientRole}`)).toEqual([
      'action_requise→agent_ministere',
    ]);
    const refused = await l.send(agent(), caseId, 'instruction.conclure', {
      rapportInstruction: 'ICAMO n’a pas rendu son avis dans le délai.',
      propositionDecision: 'accorder',
    });
    expect(refused.message).toBe(
      'L’action « Transmettre au directeur » n’est pas possible dans l’état « En instruction » : ' +
        'L’avis de l’ICAMO est obligatoire : demandez-le, et transmettez le dossier une fois l’avis rendu.',
    );
  });
});

async function sha256Of(documentId: string): Promise<string> {
  const row = await suite.h.prisma.document.findUniqueOrThrow({ where: { id: documentId }, select: { sha256: true } });
  return row.sha256;
}
