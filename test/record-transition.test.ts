import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordTransition } from '../activities/record-transition.ts';
import { createPrisma, type PrismaClient } from '../prisma/client.ts';
import { DEFINITIONS } from '../processes/registry.ts';
import { deployDefinitions } from '../services/deploy-definitions.ts';
import type { TransitionRecord } from '../workflows/types.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';

let db: TestDatabase;
let prisma: PrismaClient;
beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrisma(db.url);
  await deployDefinitions(prisma, DEFINITIONS);
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

const record = (revision: number, to: string): TransitionRecord => ({
  caseId: 'agrement/ipm-a/PROJ-1',
  processId: 'agrement',
  version: 1,
  businessKey: 'PROJ-1',
  organisationId: 'ipm-a',
  openedBy: 'u1',
  openedAt: Date.UTC(2026, 10, 1),
  revision,
  at: Date.UTC(2026, 10, 1, 0, revision),
  actor: { id: 'u1', role: 'gerant_ipm' },
  event: `e${revision}`,
  from: revision === 1 ? null : 'avant',
  to,
  input: { n: revision },
  context: { revision },
  terminal: false,
  enteredAt: Date.UTC(2026, 10, 1, 0, revision),
  dueAt: null,
  parentCaseId: null,
});

describe('the projection write', () => {
  it('lands once when retried, and never goes back when an older write arrives late', async () => {
    await recordTransition(prisma, record(1, 'brouillon'));
    await recordTransition(prisma, record(3, 'en_instruction'));
    await recordTransition(prisma, record(3, 'en_instruction'));
    await recordTransition(prisma, record(2, 'soumis'));

    const kase = await prisma.case.findUniqueOrThrow({ where: { id: 'agrement/ipm-a/PROJ-1' } });
    expect(kase).toMatchObject({ revision: 3, state: 'en_instruction', context: { revision: 3 } });
    const audit = await prisma.auditEntry.findMany({ where: { caseId: kase.id }, orderBy: { revision: 'asc' } });
    expect(audit.map((a) => [a.revision, a.event, a.toState])).toEqual([
      [1, 'e1', 'brouillon'],
      [2, 'e2', 'soumis'],
      [3, 'e3', 'en_instruction'],
    ]);
  });

  it('creates the case row with its first audit entry when a later transition is written first', async () => {
    const late = { ...record(2, 'soumis'), caseId: 'agrement/ipm-a/PROJ-2', businessKey: 'PROJ-2' };
    await recordTransition(prisma, late);
    await recordTransition(prisma, { ...record(1, 'brouillon'), caseId: late.caseId, businessKey: 'PROJ-2' });
    expect(await prisma.case.findUniqueOrThrow({ where: { id: late.caseId } })).toMatchObject({
      revision: 2,
      state: 'soumis',
    });
    expect(await prisma.auditEntry.count({ where: { caseId: late.caseId } })).toBe(2);
  });
});

describe('the projection write, fenced by the workflow task', () => {
  it('replaces a revision a dead task wrote with the one the history holds, and ignores the dead task’s late writes', async () => {
    const caseId = 'agrement/ipm-a/PROJ-3';
    const at = (revision: number, to: string, fence: number, input: Record<string, unknown>): TransitionRecord => ({
      ...record(revision, to),
      caseId,
      businessKey: 'PROJ-3',
      fence,
      input,
      context: { ...input, revision },
    });
    await recordTransition(prisma, at(1, 'brouillon', 5, { n: 1 }));
    // A task that wrote revision 2, then died before completing: Temporal never recorded that transition.
    const ghost = at(2, 'abandonne', 11, { fantome: true });
    await recordTransition(prisma, ghost);
    // The next task (the history is longer by then) takes revision 2 for real.
    const real = at(2, 'soumis', 17, { pieces: 'toutes' });
    await recordTransition(prisma, real);
    // The dead task's write arriving late, and the real one retried: nothing moves.
    await recordTransition(prisma, ghost);
    await recordTransition(prisma, real);

    expect(await prisma.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({
      revision: 2,
      state: 'soumis',
      fence: 17,
      context: { pieces: 'toutes', revision: 2 },
    });
    const audit = await prisma.auditEntry.findMany({ where: { caseId }, orderBy: { revision: 'asc' } });
    expect(audit.map((a) => [a.revision, a.toState, a.input, a.fence])).toEqual([
      [1, 'brouillon', { n: 1 }, 5],
      [2, 'soumis', { pieces: 'toutes' }, 17],
    ]);
    // Revision 3 moves on from the real revision 2, whatever order the writes land in.
    await recordTransition(prisma, at(3, 'en_instruction', 23, { n: 3 }));
    await recordTransition(prisma, ghost);
    expect((await prisma.case.findUniqueOrThrow({ where: { id: caseId } })).state).toBe('en_instruction');
  });
});
