import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../activities/index.ts';
import { caseHistory } from '../services/case-history.ts';
import { generateDocument } from '../services/documents/generate.ts';
import { findLibreOffice } from '../services/documents/pdf.ts';
import { caseDocuments, readDocument } from '../services/documents/read.ts';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import { documentPath } from '../services/uploads/document-store.ts';
import type { Viewer } from '../services/viewer.ts';
import type { Actor } from '../workflows/types.ts';
import { required } from './support/dependencies.ts';
import { docxText } from './support/docx-text.ts';
import { createHarness, type Harness, uniqueKey } from './support/harness.ts';

const gerant: Actor = { id: 'u-gerant-doc', role: 'gerant_ipm' };
const agent: Actor = { id: 'u-agent-doc', role: 'agent_ministere' };
const directeur: Actor = { id: 'u-dir-doc', role: 'directeur_ministere' };
const PIECES = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];
const application = { denomination: 'IPM des Cimenteries du Sahel', typeIpm: 'entreprise', effectif: 2350 };
const NUMBER = /^(\d{4})\/DPS\/(CPL|AGR|REF)\/(\d{4})$/;

const viewer = (organisationId: string, roles: Viewer['roles']): Viewer => ({
  userId: 'u-lecteur',
  email: 'lecteur@siamo.test',
  displayName: 'Lecteur',
  organisationId,
  organisationKind: roles.includes('agent_ministere') ? 'MINISTERE' : 'IPM',
  roles,
});

let h: Harness;
let dataDir: string;
let activities: ReturnType<typeof createActivities>;
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'siamo-documents-'));
  h = await createHarness({ dependencies: { dataDir } });
  activities = createActivities({ prisma: h.prisma, dataDir });
});
afterAll(async () => {
  await h?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A case whose agent asked for complements (revision 3). */
async function caseAwaitingComplements() {
  const { case: opened } = await startCase(h.ctx, {
    processId: 'agrement',
    version: 2,
    businessKey: uniqueKey('DOC'),
    organisationId: 'ipm-sahel',
    actor: gerant,
    input: application,
  });
  await sendEvent(h.ctx, {
    caseId: opened.caseId,
    event: 'dossier.soumettre',
    actor: gerant,
    input: { pieces: PIECES },
  });
  await sendEvent(h.ctx, {
    caseId: opened.caseId,
    event: 'recevabilite.demanderComplements',
    actor: agent,
    input: {
      complementsDemandes: 'Statuts signés par le conseil d’administration.\nProjections financières sur 3 ans.',
    },
  });
  return opened;
}

describe('a generated document', () => {
  it('is a valid .docx on the official letterhead, with the case’s data and its yearly number', async () => {
    const opened = await caseAwaitingComplements();
    await activities.runEffect({
      caseId: opened.caseId,
      revision: 3,
      index: 0,
      name: 'generer_document',
      params: { modele: 'demande_complements' },
      organisationId: 'ipm-sahel',
    });
    const [document] = await h.prisma.document.findMany({ where: { caseId: opened.caseId } });
    expect(document).toMatchObject({
      kind: 'demande_complements',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      generationKey: `${opened.caseId}:3:0`,
      uploadedById: null,
    });
    const [, year, , sequence] = NUMBER.exec(document?.number ?? '') ?? [];
    expect(Number(year)).toBe(new Date().getUTCFullYear());
    expect(Number(sequence)).toBeGreaterThan(0);

    const file = readFileSync(documentPath(dataDir, document?.sha256 ?? ''));
    expect(file.length).toBe(document?.size);
    expect(createHash('sha256').update(file).digest('hex')).toBe(document?.sha256);
    expect(file.subarray(0, 2).toString()).toBe('PK');
    const { body, footer, files } = await docxText(file);
    expect(files).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', '_rels/.rels']));
    for (const expected of [
      'RÉPUBLIQUE DU SÉNÉGAL',
      'Un Peuple – Un But – Une Foi',
      'MINISTÈRE DU TRAVAIL, DU DIALOGUE SOCIAL ET DES RELATIONS AVEC LES INSTITUTIONS',
      `N° ${document?.number}`,
      'Dakar, le ',
      `Objet : Demande de pièces complémentaires — dossier n° ${opened.businessKey} (Agrément d’une IPM)`,
      'de l’IPM « IPM des Cimenteries du Sahel »',
      '(IPM d’entreprise, 2 350 salariés couverts)',
      'Statuts signés par le conseil d’administration.',
      'Projections financières sur 3 ans.',
      'au plus tard le ',
      'Le Directeur de la Protection sociale',
    ])
      expect(body.replace(/\u202f|\u00a0/g, ' ')).toContain(expected);
    expect(footer).toContain(`dossier ${opened.businessKey} — n° ${document?.number}`);
    expect((await caseHistory(h.prisma, opened.caseId)).at(-1)).toMatchObject({
      type: 'document',
      number: document?.number,
    });
  });

  it('is the same stored document when generated again for the same transition, even at once', async () => {
    const opened = await caseAwaitingComplements();
    const request = { caseId: opened.caseId, revision: 3, index: 0, kind: 'demande_complements' as const };
    const results = await Promise.all([1, 2, 3].map(() => generateDocument({ prisma: h.prisma, dataDir }, request)));
    expect(new Set(results.map((d) => d.id)).size).toBe(1);
    expect(await generateDocument({ prisma: h.prisma, dataDir }, request)).toMatchObject({ id: results[0]?.id });
    expect(await h.prisma.document.count({ where: { caseId: opened.caseId } })).toBe(1);
    // The attempts that lost gave their number back: the next document takes the following one.
    const next = await generateDocument({ prisma: h.prisma, dataDir }, { ...request, index: 1 });
    expect(sequenceOf(next.number)).toBe(sequenceOf(results[0]?.number) + 1);
  });

  it('gets consecutive numbers when two are generated at once, never reused nor skipped', async () => {
    const [a, b] = await Promise.all([caseAwaitingComplements(), caseAwaitingComplements()]);
    const generated = await Promise.all(
      [a, b, a, b].map((c, i) =>
        generateDocument(
          { prisma: h.prisma, dataDir },
          { caseId: c.caseId, revision: 3, index: 10 + i, kind: 'lettre_refus' },
        ),
      ),
    );
    const sequences = generated.map((d) => sequenceOf(d.number)).sort((x, y) => x - y);
    const first = sequences[0] ?? 0;
    expect(sequences).toEqual([first, first + 1, first + 2, first + 3]);
    expect(generated.every((d) => NUMBER.exec(d.number ?? '')?.[2] === 'REF')).toBe(true);
  });

  it('of each kind says what its case decided', async () => {
    const opened = await caseAwaitingComplements();
    await sendEvent(h.ctx, {
      caseId: opened.caseId,
      event: 'complements.repondre',
      actor: gerant,
      input: { reponseComplements: 'Pièces jointes.' },
    });
    await sendEvent(h.ctx, { caseId: opened.caseId, event: 'recevabilite.valider', actor: agent });
    const granted = await sendEvent(h.ctx, {
      caseId: opened.caseId,
      event: 'decision.accorder',
      actor: directeur,
      input: { observations: 'Conforme aux exigences de solvabilité.' },
    });
    const decision = await generateDocument(
      { prisma: h.prisma, dataDir },
      { caseId: opened.caseId, revision: granted.revision, index: 1, kind: 'decision_agrement' },
    );
    const { body } = await docxText(readFileSync(documentPath(dataDir, decision.sha256)));
    expect(decision.number).toMatch(/\/DPS\/AGR\//);
    expect(body).toContain(`DÉCISION N° ${decision.number}`);
    expect(body).toContain('portant agrément de l’Institution de Prévoyance Maladie « IPM des Cimenteries du Sahel »');
    expect(body).toContain('Article 2. — Observations : Conforme aux exigences de solvabilité.');

    const refusedCase = await caseAwaitingComplements();
    await sendEvent(h.ctx, {
      caseId: refusedCase.caseId,
      event: 'complements.repondre',
      actor: gerant,
      input: { reponseComplements: 'Pièces jointes.' },
    });
    await sendEvent(h.ctx, { caseId: refusedCase.caseId, event: 'recevabilite.valider', actor: agent });
    const refused = await sendEvent(h.ctx, {
      caseId: refusedCase.caseId,
      event: 'decision.refuser',
      actor: directeur,
      input: { motifRefus: 'Projections financières insuffisantes.' },
    });
    const letter = await generateDocument(
      { prisma: h.prisma, dataDir },
      { caseId: refusedCase.caseId, revision: refused.revision, index: 1, kind: 'lettre_refus' },
    );
    expect((await docxText(readFileSync(documentPath(dataDir, letter.sha256)))).body).toContain(
      'Projections financières insuffisantes.',
    );
  });
});

describe('downloading a document', () => {
  it('follows the case’s rights', async () => {
    const opened = await caseAwaitingComplements();
    const document = await generateDocument(
      { prisma: h.prisma, dataDir },
      { caseId: opened.caseId, revision: 3, index: 0, kind: 'demande_complements' },
    );
    const own = await readDocument({ prisma: h.prisma, dataDir }, viewer('ipm-sahel', ['gerant_ipm']), document.id);
    expect(own).toMatchObject({ name: document.name, mimeType: document.mimeType });
    expect(own.content.length).toBe(document.size);
    expect(
      await readDocument({ prisma: h.prisma, dataDir }, viewer('ministere', ['agent_ministere']), document.id),
    ).toMatchObject({
      name: document.name,
    });
    await expect(
      readDocument({ prisma: h.prisma, dataDir }, viewer('ipm-autre', ['gerant_ipm']), document.id),
    ).rejects.toMatchObject({ code: 'introuvable' });
    await expect(caseDocuments(h.prisma, viewer('ipm-autre', ['gerant_ipm']), opened.caseId)).rejects.toMatchObject({
      code: 'introuvable',
    });
    expect(
      (await caseDocuments(h.prisma, viewer('ipm-sahel', ['agent_ipm']), opened.caseId)).map((d) => d.number),
    ).toEqual([document.number]);
  });

  it.runIf(
    required(
      'LibreOffice',
      findLibreOffice() !== null,
      'Debian : apt-get install libreoffice-writer-nogui, ou LIBREOFFICE_PATH',
    ),
  )(
    'as PDF converts it with LibreOffice into a valid PDF',
    async () => {
      const opened = await caseAwaitingComplements();
      const document = await generateDocument(
        { prisma: h.prisma, dataDir },
        { caseId: opened.caseId, revision: 3, index: 0, kind: 'demande_complements' },
      );
      const pdf = await readDocument(
        { prisma: h.prisma, dataDir },
        viewer('ipm-sahel', ['gerant_ipm']),
        document.id,
        'pdf',
      );
      expect(pdf.mimeType).toBe('application/pdf');
      expect(pdf.name).toBe(document.name.replace(/\.docx$/, '.pdf'));
      expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.content.subarray(-1024).toString()).toContain('%%EOF');
      expect(pdf.content.toString('latin1')).toMatch(/\/Type\s*\/Page\b/);
      // Converted once, then kept.
      const again = await readDocument(
        { prisma: h.prisma, dataDir },
        viewer('ipm-sahel', ['gerant_ipm']),
        document.id,
        'pdf',
      );
      expect(again.content.equals(pdf.content)).toBe(true);
    },
    120_000,
  );
});

function sequenceOf(number: string | null | undefined): number {
  return Number(NUMBER.exec(number ?? '')?.[3]);
}
