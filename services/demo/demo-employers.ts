import type { TestIdentity } from '../enrolment/identity/test-register.ts';
import { type DemoWorkforceSpec, demoWorkforce } from './demo-workforce.ts';

// The demo's employers (entreprises adhérentes), each with its IPM, its portal organisation (kind
// EMPLOYEUR, the same id: services/people/demo-accounts.ts) and its made-up workforce. The IPM des
// Industries de Dakar is an IPM d'entreprise: exactly its one employer. The IPM Interentreprises de
// Thiès has three, one of which (Transports Rapides du Cayor) is behind with its contributions.

export interface DemoEmployer {
  id: string;
  ipmId: string;
  name: string;
  cssIpres: string;
  ninea: string;
  sector: string;
  communeCode: string;
  address: string;
  contactName: string;
  contactPhone: string;
  /** The login of its demo account (…@demo.siamo.sn). */
  login: string;
  workforce: DemoWorkforceSpec;
}

export const DEMO_EMPLOYERS: readonly DemoEmployer[] = [
  {
    id: 'emp-industries-mbao',
    ipmId: 'ipm-industries-dakar',
    name: 'Industries Réunies de Mbao',
    cssIpres: 'CSS-100245',
    ninea: '004512367',
    sector: 'industrie',
    communeCode: 'SN-DK-01',
    address: 'Zone industrielle de Mbao, Dakar',
    contactName: 'Seynabou Diagne',
    contactPhone: '+221 33 800 10 10',
    login: 'employeur.industries-mbao',
    workforce: { register: 1, seed: 1401, participants: 240, matriculePrefix: 'IRM' },
  },
  {
    id: 'emp-huilerie-cayor',
    ipmId: 'ipm-thies',
    name: 'Huilerie du Cayor',
    cssIpres: 'CSS-200311',
    ninea: '005623478',
    sector: 'agro-industrie',
    communeCode: 'SN-TH-01',
    address: 'Route de Mbour, Thiès',
    contactName: 'Babacar Ndour',
    contactPhone: '+221 33 951 20 20',
    login: 'employeur.huilerie-cayor',
    workforce: { register: 2, seed: 1402, participants: 120, matriculePrefix: 'HDC' },
  },
  {
    id: 'emp-transports-cayor',
    ipmId: 'ipm-thies',
    name: 'Transports Rapides du Cayor',
    cssIpres: 'CSS-200422',
    ninea: '006734589',
    sector: 'transport',
    communeCode: 'SN-TH-01',
    address: 'Gare routière, Thiès',
    contactName: 'Aliou Seck',
    contactPhone: '+221 33 951 30 30',
    login: 'employeur.transports-cayor',
    workforce: { register: 3, seed: 1403, participants: 60, matriculePrefix: 'TRC' },
  },
  {
    id: 'emp-textiles-baol',
    ipmId: 'ipm-thies',
    name: 'Textiles du Baol',
    cssIpres: 'CSS-200533',
    ninea: '007845690',
    sector: 'textile',
    communeCode: 'SN-TH-01',
    address: 'Quartier Randoulène, Thiès',
    contactName: 'Rokhaya Diatta',
    contactPhone: '+221 33 951 40 40',
    login: 'employeur.textiles-baol',
    workforce: { register: 4, seed: 1404, participants: 50, matriculePrefix: 'TDB' },
  },
];

/** The employer whose contributions go unpaid in the demo: its ladder reaches suspension. */
export const DEMO_ARREARS_EMPLOYER = 'emp-transports-cayor';

/**
 * The demo workers' identities, for the local register of test identities: a participant's own
 * facts do not depend on the day (./demo-workforce.ts), so any day gives the same.
 */
export function demoIdentities(): TestIdentity[] {
  return DEMO_EMPLOYERS.flatMap((e) =>
    demoWorkforce(e.workforce, '2026-01-01').workers.map(({ identifier, lastName, firstNames, birthDate }) => ({
      identifier,
      lastName,
      firstNames,
      birthDate,
    })),
  );
}
