import { defineDomain } from '../domain.ts';
import type { Role } from '../roles.ts';
import { PORTFOLIO_CALCULATIONS } from './calculations.ts';
import projetV1 from './projet/v1.ts';
import projetV2 from './projet/v2.ts';

// The master plan's portfolio (SDSI): each project is a case of the `projet` process. Its services are
// `services/portfolio/`, its API `schema/portfolio/`, its pages `ui/src/routes/(portfolio)/`.

/** National steering: the ministry (ICAMO's supervising authority), ICAMO, and the platform's administrator. */
const STEERING: Role[] = [
  'agent_ministere',
  'directeur_ministere',
  'analyste_icamo',
  'pilotage_icamo',
  'administrateur',
];

export const portfolio = defineDomain({
  id: 'portfolio',
  title: 'Portefeuille de projets du SDSI',
  definitions: [projetV1, projetV2],
  calculations: PORTFOLIO_CALCULATIONS,
  // Projects, budget, milestones and the steering committee's Word report are national steering's;
  // importing the plan's file is the steering committee's.
  operations: {
    portfolio: { roles: STEERING, label: 'consulter le portefeuille de projets du SDSI' },
    portfolioReport: { roles: STEERING, label: 'télécharger le rapport d’avancement du portefeuille' },
    importPortfolio: { roles: ['pilotage_icamo'], label: 'importer le portefeuille de projets du SDSI' },
  },
  // The Word report downloads from GET /portefeuille/rapport.docx.
  httpOperations: ['portfolioReport'],
  menu: [{ href: '/portefeuille', label: 'Portefeuille SDSI', operation: 'portfolio', position: 10 }],
});
