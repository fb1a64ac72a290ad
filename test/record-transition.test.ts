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
