import { describe, expect, it } from 'vitest';
import type { PrismaClient } from '../prisma/client.ts';
import { type EventCheckRequest, registerDomainServices } from '../services/domain-services.ts';
import { SiamoError } from '../services/errors.ts';
import { checkEvent, checkStart } from '../services/process-checks.ts';
import type { Viewer } from '../services/viewer.ts';

// The engine's side of a domain's process checks: it looks the process up and runs its checks, adds
// to a refusal what it was about (event, role, state), leaves other processes alone, and refuses a
// second domain giving checks to a process that already has them.

const viewer = { userId: 'u1', roles: ['agent_ipm'], organisationId: 'o1' } as Viewer;
const prisma = {} as PrismaClient;
const seen: EventCheckRequest[] = [];

registerDomainServices({
  id: 'essai-controles',
  processChecks: {
    'essai-controle': {
      start: async (_prisma, { input }) => {
        if (input.refuser) throw new SiamoError('non_autorise', 'Ouverture refusée par le domaine.');
      },
      event: async (_prisma, request) => {
        seen.push(request);
        if (request.event === 'interdit') throw new SiamoError('non_autorise', 'Action refusée par le domaine.');
      },
    },
  },
});

const event = (name: string): EventCheckRequest => ({
  viewer,
  role: 'agent_ipm',
  caseId: 'c1',
  event: name,
  state: 'ouvert',
  input: { a: 1 },
});

describe('process checks', () => {
  it('runs the process’s check with the request, and lets through what it accepts', async () => {
    await checkEvent(prisma, 'essai-controle', event('permis'));
    expect(seen.at(-1)).toEqual(event('permis'));
    await checkStart(prisma, 'essai-controle', { viewer, role: 'agent_ipm', input: {} });
  });

  it('turns a refusal into a SiamoError naming the event, the role and the state', async () => {
    const refusal = await checkEvent(prisma, 'essai-controle', event('interdit')).catch((e) => e);
    expect(refusal).toBeInstanceOf(SiamoError);
    expect(refusal).toMatchObject({
      code: 'non_autorise',
      message: 'Action refusée par le domaine.',
      refused: { event: 'interdit', role: 'agent_ipm', state: 'ouvert' },
    });
    const start = await checkStart(prisma, 'essai-controle', {
      viewer,
      role: 'agent_ipm',
      input: { refuser: true },
    }).catch((e) => e);
    expect(start).toMatchObject({ message: 'Ouverture refusée par le domaine.', refused: { event: 'dossier.ouvrir' } });
  });

  it('leaves a process without checks alone', async () => {
    const before = seen.length;
    await checkEvent(prisma, 'autre-processus', event('interdit'));
    expect(seen.length).toBe(before);
  });

  it('refuses a second domain giving checks to the same process', () => {
    expect(() =>
      registerDomainServices({ id: 'intrus', processChecks: { 'essai-controle': { event: async () => {} } } }),
    ).toThrow(
      'Le domaine « intrus » redéfinit les contrôles du processus « essai-controle », déjà défini : choisissez un autre nom.',
    );
  });
});
