import { dakarDay } from '../../processes/calendar.ts';
import type { CaseServiceContext } from '../context.ts';
import { decideAdhesion, requestAdhesion } from '../enrolment/adhesion.ts';
import { sendEventAs } from '../send-event-as.ts';
import { uploadToCase } from '../uploads/upload-to-case.ts';
import { demoViewer } from './demo-people.ts';

// Two adhesions through the `adhesion` process, as the demo employers and the IPM of Thiès would make
// them (the employers of demo-enrolment.ts are rows, as an IPM's own files would give them): one
// approved by the gérant, whose employer then has its adhesion in force; one submitted, waiting for
// the IPM's agent to examine it. Part of the living demonstration (first start only), after the
// licences: the adhesion reads the IPM's type from its latest licence.

const PIECES = ['registre_commerce', 'liste_personnel', 'declaration_css_ipres'];
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

interface DemoAdhesion {
  requestId: string;
  employer: string;
  input: Record<string, unknown>;
  until: 'en_examen' | 'active';
}

export const DEMO_ADHESIONS: DemoAdhesion[] = [
  {
    requestId: 'DEMO-0001',
    employer: 'employeur.pecheries-joal',
    input: {
      ipm: 'ipm-thies',
      raisonSociale: 'Pêcheries de Joal',
      numeroCssIpres: 'CSS-200644',
      ninea: '007845690',
      secteur: 'pêche',
      commune: 'SN-TH-01',
      adresse: 'Quai de pêche, Joal-Fadiouth',
      contactNom: 'Ndèye Sène',
      contactTelephone: '+221 33 957 30 30',
    },
    until: 'active',
  },
  {
    requestId: 'DEMO-0002',
    employer: 'employeur',
    input: {
      ipm: 'ipm-thies',
      raisonSociale: 'Ciments de Rufisque',
      numeroCssIpres: 'CSS-100788',
      ninea: '003412598',
      secteur: 'industrie',
      commune: 'SN-DK-01',
      adresse: 'Route nationale 1, Rufisque',
      contactNom: 'Moussa Cissé',
      contactTelephone: '+221 33 836 40 40',
    },
    until: 'en_examen',
  },
];

export async function loadDemoAdhesions(ctx: CaseServiceContext, dataDir: string, maxBytes: number): Promise<void> {
  const agent = await demoViewer(ctx.prisma, 'agent.ipm-thies');
  const gerant = await demoViewer(ctx.prisma, 'gerant.ipm-thies');
  for (const adhesion of DEMO_ADHESIONS) {
    const employer = await demoViewer(ctx.prisma, adhesion.employer);
    const caseId = await requestAdhesion(ctx, employer, { input: adhesion.input, requestId: adhesion.requestId }).then(
      (opened) => opened.case.caseId,
    );
    for (const piece of PIECES)
      await uploadToCase(ctx, employer, {
        caseId,
        piece,
        file: { name: `${piece}.pdf`, size: PDF.byteLength, bytes: async () => PDF },
        dataDir,
        maxBytes,
      });
    await sendEventAs(ctx, employer, { caseId, event: 'demande.soumettre', input: {} });
    if (adhesion.until === 'en_examen') continue;
    await decideAdhesion(ctx, agent, { caseId, event: 'examen.completer' });
    await decideAdhesion(ctx, gerant, {
      caseId,
      event: 'contrat.approuver',
      input: { dateDebutContrat: `${dakarDay(new Date()).slice(0, 7)}-01` },
    });
  }
}
