import { describe, expect, it } from 'vitest';
import { registerDomain } from '../processes/catalogue.ts';
import { defineDomain } from '../processes/domain.ts';
import { ProcessEngine } from '../processes/engine.ts';
import type { ProcessDefinition } from '../processes/model.ts';
import { isRole, ROLES, type Role } from '../processes/roles.ts';
import { mayUse } from '../services/permissions.ts';
import type { Viewer } from '../services/viewer.ts';

// A domain brings its own roles through its module: they join the roles table with their French
// names, and the engine's refusals name them. The product's domains also declare their names into
// `DomainRoles` so that their definitions are typed with them; this test domain does not, so that the
// product's types stay its own.

const inspecteur = 'inspecteur_demo' as Role;

const controle: ProcessDefinition = {
  id: 'demo-controle',
  version: 1,
  title: 'Contrôle (démonstration)',
  startRoles: [inspecteur],
  initial: 'ouvert',
  states: {
    ouvert: { label: 'Ouvert', on: { 'controle.clore': { target: 'clos' } } },
    clos: { label: 'Clos', terminal: true },
  },
  events: { 'controle.clore': { label: 'Clore le contrôle', roles: [inspecteur] } },
};

describe('roles a domain adds', () => {
  it('are registered with their French names, and refusals use them', () => {
    expect(isRole(inspecteur)).toBe(false);
    registerDomain(
      defineDomain({
        id: 'demo-roles',
        title: 'Rôles (démonstration)',
        roles: { inspecteur_demo: 'Inspecteur (démonstration)' },
        definitions: [controle],
      }),
    );
    expect(isRole(inspecteur)).toBe(true);
    expect(ROLES[inspecteur]).toBe('Inspecteur (démonstration)');
    const engine = new ProcessEngine(controle);
    expect(engine.open(inspecteur, {})).toMatchObject({ ok: true });
    expect(
      engine.decide({ state: 'ouvert', context: {} }, { event: 'controle.clore', role: 'agent_ministere', input: {} }),
    ).toMatchObject({
      ok: false,
      message:
        'Le rôle « Agent du ministère » ne peut pas faire l’action « Clore le contrôle » dans l’état « Ouvert ».',
    });
    expect(engine.open('agent_ministere', {})).toMatchObject({ ok: false, code: 'non_autorise' });
  });

  it('may not take a platform role’s name, nor a name the API could not carry', () => {
    expect(() =>
      registerDomain(
        defineDomain({ id: 'demo-roles-2', title: 'x', roles: { agent_ministere: 'Autre agent' }, definitions: [] }),
      ),
    ).toThrow(
      'Le domaine « demo-roles-2 » redéfinit le rôle « agent_ministere », déjà défini : choisissez un autre nom.',
    );
    expect(() =>
      registerDomain(
        defineDomain({ id: 'demo-roles-3', title: 'x', roles: { 'Inspecteur-Chef': 'Chef' }, definitions: [] }),
      ),
    ).toThrow(
      'Le domaine « demo-roles-3 » déclare un rôle au nom invalide « Inspecteur-Chef » (minuscules, chiffres, _).',
    );
    expect(isRole('Inspecteur-Chef')).toBe(false);
  });

  it('give their holders their own session, and not their organisation’s cases and people', () => {
    const inspector = {
      userId: 'u-inspecteur',
      email: 'inspecteur@exemple.sn',
      displayName: 'Inspecteur',
      organisationId: 'ministere',
      organisationKind: 'MINISTERE',
      roles: [inspecteur],
    } as Viewer;
    expect(isRole(inspecteur)).toBe(true);
    for (const own of ['me', 'signOut', 'notificationPreferences'] as const) expect(mayUse(inspector, own)).toBe(true);
    for (const others of ['cases', 'case', 'users', 'startCase', 'uploadDocument'] as const)
      expect(mayUse(inspector, others)).toBe(false);
  });

  it('give the product’s member (`assure`) its own space, and none of its IPM’s lists', () => {
    const member = {
      userId: 'u-assure',
      organisationId: 'ipm-a',
      organisationKind: 'IPM',
      roles: ['assure'],
    } as Viewer;
    expect(ROLES.assure).toBe('Assuré');
    for (const own of ['me', 'signOut', 'myCoverage', 'myDependants'] as const) expect(mayUse(member, own)).toBe(true);
    for (const others of [
      'users',
      'user',
      'organisations',
      'cases',
      'startCase',
      'downloadDocument',
      'employerWorkers',
      'rightsAt',
      'inviteMember',
    ] as const)
      expect(mayUse(member, others)).toBe(false);
  });
});
