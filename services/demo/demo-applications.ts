import type { CaseServiceContext } from '../context.ts';
import { sendEventAs } from '../send-event-as.ts';
import { startCaseAs } from '../start-case-as.ts';
import { uploadToCase } from '../uploads/upload-to-case.ts';
import type { Viewer } from '../viewer.ts';
import { demoViewer } from './demo-people.ts';

// Licence applications at the steps where each demo account has something to do, brought there by
// the demo accounts themselves through the commands the portal uses: the gérants open, complete and
// submit, the ministry's agent reviews, asks for complements or for ICAMO's opinion, ICAMO gives it,
// the agent concludes; each account's home page then lists the case that waits for it.

const PIECES = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];

/** A small PDF: the upload policy checks that the content is what the extension says. */
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

interface Application {
  key: string;
  gerant: 'gerant.ipm-dakar' | 'gerant.ipm-thies';
  opening: Record<string, unknown>;
  completion: Record<string, unknown>;
  /** How far the application goes: the step whose account then has it in their inbox. */
  until: 'brouillon' | 'soumis' | 'complements_demandes' | 'avis_demande' | 'en_decision';
}

const completion = (companies: string, employees: number) => ({
  nombreEntreprises: companies.split('\n').length,
  entreprisesAdherentes: companies,
  gouvernance: 'Conseil d’administration paritaire de 8 membres ; commission de contrôle de 3 membres.',
  cotisationsAnnuelles: employees * 560_000,
  prestationsAnnuelles: employees * 470_000,
});

export const DEMO_APPLICATIONS: Application[] = [
  {
    key: 'DEM-DEMO-0001',
    gerant: 'gerant.ipm-dakar',
    opening: {
      denomination: 'IPM du Port de Dakar',
      typeIpm: 'entreprise',
      adresseSiege: 'Môle 1, Dakar',
      effectif: 900,
    },
    completion: completion('Port autonome de Dakar, CSS 100412, 900', 900),
    until: 'brouillon',
  },
  {
    key: 'DEM-DEMO-0002',
    gerant: 'gerant.ipm-thies',
    opening: {
      denomination: 'IPM des Transports du Cayor',
      sigle: 'IPM-TC',
      typeIpm: 'interentreprises',
      adresseSiege: 'Quartier Escale, Thiès',
      effectif: 1450,
    },
    completion: completion('Transports du Cayor, CSS 100234, 900\nCars de Thiès, CSS 100871, 550', 1450),
    until: 'soumis',
  },
  {
    key: 'DEM-DEMO-0003',
    gerant: 'gerant.ipm-thies',
    opening: {
      denomination: 'IPM des Phosphates de Taïba',
      typeIpm: 'entreprise',
      adresseSiege: 'Mboro, Thiès',
      effectif: 640,
    },
    completion: completion('Phosphates de Taïba, CSS 101552, 640', 640),
    until: 'complements_demandes',
  },
  {
    key: 'DEM-DEMO-0004',
    gerant: 'gerant.ipm-dakar',
    opening: {
      denomination: 'IPM des Banques du Plateau',
      sigle: 'IPM-BP',
      typeIpm: 'interentreprises',
      adresseSiege: 'Place de l’Indépendance, Dakar',
      effectif: 2100,
    },
    completion: completion('Banque du Plateau, CSS 102210, 1200\nCrédit de Dakar, CSS 102344, 900', 2100),
    until: 'avis_demande',
  },
  {
    key: 'DEM-DEMO-0005',
    gerant: 'gerant.ipm-dakar',
    opening: {
      denomination: 'IPM des Télécommunications',
      typeIpm: 'entreprise',
      adresseSiege: 'Route des Almadies, Dakar',
      effectif: 3200,
    },
    completion: completion('Société des Télécommunications, CSS 100015, 3200', 3200),
    until: 'en_decision',
  },
];

const ORDER: Application['until'][] = ['brouillon', 'soumis', 'complements_demandes', 'avis_demande', 'en_decision'];

export async function loadDemoApplications(ctx: CaseServiceContext, dataDir: string, maxBytes: number) {
  const people = {
    'gerant.ipm-dakar': await demoViewer(ctx.prisma, 'gerant.ipm-dakar'),
    'gerant.ipm-thies': await demoViewer(ctx.prisma, 'gerant.ipm-thies'),
    agent: await demoViewer(ctx.prisma, 'agent.ministere'),
    analyste: await demoViewer(ctx.prisma, 'analyste.icamo'),
  };
  for (const application of DEMO_APPLICATIONS) {
    const gerant = people[application.gerant];
    const reaches = (step: Application['until']) => ORDER.indexOf(application.until) >= ORDER.indexOf(step);
    const { case: opened } = await startCaseAs(ctx, gerant, {
      processId: 'agrement',
      businessKey: application.key,
      input: application.opening,
    });
    const caseId = opened.caseId;
    const act = (viewer: Viewer, event: string, input: Record<string, unknown> = {}) =>
      sendEventAs(ctx, viewer, { caseId, event, input });
    if (!reaches('soumis')) continue;
    await act(gerant, 'demande.completer', application.completion);
    for (const piece of PIECES) {
      await uploadToCase(ctx, gerant, {
        caseId,
        piece,
        file: { name: `${piece}.pdf`, size: PDF.byteLength, bytes: async () => PDF },
        dataDir,
        maxBytes,
      });
    }
    await act(gerant, 'dossier.soumettre');
    if (application.until === 'complements_demandes') {
      await act(people.agent, 'recevabilite.demanderComplements', {
        piecesARevoir: ['projections_financieres'],
        complementsDemandes: 'Joindre les projections financières sur trois exercices, signées par le gérant.',
      });
      continue;
    }
    if (!reaches('avis_demande')) continue;
    await act(people.agent, 'recevabilite.valider', { piecesVerifiees: PIECES });
    await act(people.agent, 'avis.demander', { questionsAvis: 'Soutenabilité des cotisations prévues.' });
    if (!reaches('en_decision')) continue;
    await act(people.analyste, 'avis.rendre', {
      avisIcamo: 'favorable',
      motivationAvis: 'Projections prudentes et gouvernance paritaire conforme.',
    });
    await act(people.agent, 'instruction.conclure', {
      rapportInstruction: 'Dossier complet ; équilibre financier projeté satisfaisant.',
      propositionDecision: 'accorder',
    });
  }
}
