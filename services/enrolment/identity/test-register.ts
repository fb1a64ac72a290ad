import { compactIdentifier } from '../../../processes/enrolment/identifiers.ts';
import { demoIdentities } from '../../demo/demo-employers.ts';
import {
  type IdentityClaim,
  type IdentityField,
  type IdentityRegister,
  type IdentityVerdict,
  sameName,
} from './identity-register.ts';

// A LOCAL REGISTER OF TEST IDENTITIES — a mock of the national register of identity cards, for the
// tests and the demo only. Made-up people: no real NIN is or may be in it. Production uses the HTTP
// register (./http-register.ts).

export interface TestIdentity {
  identifier: string;
  lastName: string;
  firstNames: string;
  birthDate: string;
}

/** The demo's made-up identities (the workforce template's examples among them). */
export const TEST_IDENTITIES: readonly TestIdentity[] = [
  { identifier: '2751198501234', lastName: 'Diop', firstNames: 'Awa', birthDate: '1985-11-07' },
  { identifier: '1820505001111', lastName: 'Fall', firstNames: 'Ibrahima', birthDate: '1982-05-05' },
  { identifier: '30012345678901', lastName: 'Mensah', firstNames: 'Kofi', birthDate: '1990-02-02' },
  { identifier: '1700101001234', lastName: 'Sarr', firstNames: 'Mamadou', birthDate: '1970-01-01' },
  { identifier: '2880303004567', lastName: 'Ndiaye', firstNames: 'Fatou Binetou', birthDate: '1988-03-03' },
  // The people the portal's browser tests enrol in the demo product.
  { identifier: '1988021100424', lastName: 'Sarr', firstNames: 'Adama', birthDate: '1988-02-11' },
  { identifier: '2870819001010', lastName: 'Diouf', firstNames: 'Aïssatou', birthDate: '1987-08-19' },
  { identifier: '1790130001020', lastName: 'Gning', firstNames: 'Pape Malick', birthDate: '1979-01-30' },
];

/**
 * The local register's identities: the examples above, and the demo employers' made-up workers
 * (services/demo/demo-employers.ts), so that the demo's people are known to the register the demo uses.
 */
export const testAndDemoIdentities = (): TestIdentity[] => [...TEST_IDENTITIES, ...demoIdentities()];

export function createTestIdentityRegister(
  identities: readonly TestIdentity[] = testAndDemoIdentities(),
): IdentityRegister {
  const byIdentifier = new Map(identities.map((i) => [compactIdentifier(i.identifier), i]));
  return {
    label: 'registre d’identités de test (simulation du registre national)',
    check: async (claims: readonly IdentityClaim[]) =>
      claims.map((claim): IdentityVerdict => {
        const known = byIdentifier.get(compactIdentifier(claim.identifier));
        if (!known) return { status: 'inconnu' };
        const fields: IdentityField[] = [];
        if (!sameName(known.lastName, claim.lastName)) fields.push('nom');
        if (!sameName(known.firstNames, claim.firstNames)) fields.push('prenoms');
        if (known.birthDate !== claim.birthDate) fields.push('date_naissance');
        return fields.length === 0 ? { status: 'conforme' } : { status: 'divergent', fields };
      }),
  };
}
