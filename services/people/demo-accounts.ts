import type { Role } from '../../processes/roles.ts';
import { DEMO_EMPLOYERS } from '../demo/demo-employers.ts';
import { MINISTRY, type OrganisationSeed } from './organisations.ts';

// The demo data `npm start` loads unless SIAMO_DEMO_DATA=false: the organisations of the AMO and one
// account per role (two IPMs, each with its manager and its agent, to show that they do not see each
// other). The README lists these accounts; never enable them on a server reachable from outside.

/** The password of every demo account: published in the README, so for trying Siamo out only. */
export const DEMO_PASSWORD = 'Demo-Siamo-2026';

export const DEMO_ORGANISATIONS: OrganisationSeed[] = [
  MINISTRY,
  { id: 'icamo', kind: 'ICAMO', name: 'Institution de Coordination de l’Assurance Maladie Obligatoire' },
  { id: 'ipm-industries-dakar', kind: 'IPM', name: 'IPM des Industries de Dakar' },
  { id: 'ipm-thies', kind: 'IPM', name: 'IPM Interentreprises de Thiès' },
  { id: 'ps-clinique-medina', kind: 'PRESTATAIRE', name: 'Clinique de la Médina' },
  { id: 'emp-ciments-rufisque', kind: 'EMPLOYEUR', name: 'Ciments de Rufisque' },
  // Adhering through the process in the living demonstration (services/demo/demo-adhesions.ts).
  { id: 'emp-pecheries-joal', kind: 'EMPLOYEUR', name: 'Pêcheries de Joal' },
  // The employers adhering to the demo IPMs, with their workforce (services/demo/demo-enrolment.ts).
  ...DEMO_EMPLOYERS.map((e): OrganisationSeed => ({ id: e.id, kind: 'EMPLOYEUR', name: e.name })),
];

export interface DemoAccount {
  email: string;
  displayName: string;
  organisationId: string;
  roles: Role[];
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  account('agent.ministere', 'Awa Ndiaye', MINISTRY.id, 'agent_ministere'),
  account('directeur.ministere', 'Mamadou Diop', MINISTRY.id, 'directeur_ministere'),
  account('analyste.icamo', 'Fatou Sarr', 'icamo', 'analyste_icamo'),
  account('pilotage.icamo', 'Ibrahima Fall', 'icamo', 'pilotage_icamo'),
  account('gerant.ipm-dakar', 'Aminata Ba', 'ipm-industries-dakar', 'gerant_ipm'),
  account('agent.ipm-dakar', 'Ousmane Gueye', 'ipm-industries-dakar', 'agent_ipm'),
  account('gerant.ipm-thies', 'Khady Faye', 'ipm-thies', 'gerant_ipm'),
  account('agent.ipm-thies', 'Cheikh Mbaye', 'ipm-thies', 'agent_ipm'),
  account('agent.ps', 'Mariama Sow', 'ps-clinique-medina', 'agent_ps'),
  account('employeur', 'Moussa Cissé', 'emp-ciments-rufisque', 'employeur'),
  account('administrateur', 'Administrateur de démonstration', MINISTRY.id, 'administrateur'),
  ...DEMO_EMPLOYERS.map((e) => account(e.login, e.contactName, e.id, 'employeur')),
  account('employeur.pecheries-joal', 'Ndèye Sène', 'emp-pecheries-joal', 'employeur'),
  // A member's account bound to no participant: its space says so. A member bound to one is invited by
  // its IPM (inviteMember), which mails its one-time code.
  account('assure', 'Assuré de démonstration', 'ipm-thies', 'assure'),
];

function account(login: string, displayName: string, organisationId: string, role: Role): DemoAccount {
  return { email: `${login}@demo.siamo.sn`, displayName, organisationId, roles: [role] };
}
