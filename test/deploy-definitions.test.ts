import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '../prisma/client.ts';
import agrementV1 from '../processes/licensing/agrement/v1.ts';
import type { ProcessDefinition } from '../processes/model.ts';
import { definitionHash } from '../services/definition-hash.ts';
import { deployDefinitions } from '../services/deploy-definitions.ts';
import { SiamoError } from '../services/errors.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrisma(db.url, db.embedded ? { maxConnections: 1 } : {});
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

/** Agrément v1 under another process id, so that each test has rows of its own. */
const processNamed = (id: string, changes: Partial<ProcessDefinition> = {}): ProcessDefinition => ({
  ...(structuredClone(agrementV1) as ProcessDefinition),
  id,
  ...changes,
});

const rowsOf = (processId: string) =>
  prisma.processDefinition.findMany({ where: { processId }, orderBy: { version: 'asc' } });

/** The same definition with the keys of every object in reverse order. */
const reversedKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    );
  return value;
};

describe('deployDefinitions', () => {
  it('records a first deployment with its id, version, title, hash and content', async () => {
    const before = await prisma.processDefinition.count();
    const definition = agrementV1 as ProcessDefinition;
    expect(await deployDefinitions(prisma, [definition])).toEqual({ deployed: ['agrement@1'], unchanged: [] });

    const rows = await rowsOf('agrement');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      processId: 'agrement',
      version: 1,
      title: 'Agrément d’une IPM',
      hash: definitionHash(definition),
      definition: JSON.parse(JSON.stringify(definition)),
    });
    expect(rows[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await prisma.processDefinition.count()).toBe(before + 1);
  });

  it('changes nothing when the same definition is deployed again', async () => {
    const definition = processNamed('essai-identique');
    expect(await deployDefinitions(prisma, [definition])).toEqual({ deployed: ['essai-identique@1'], unchanged: [] });
    const [first] = await rowsOf('essai-identique');

    expect(await deployDefinitions(prisma, [definition])).toEqual({ deployed: [], unchanged: ['essai-identique@1'] });
    expect(await deployDefinitions(prisma, [structuredClone(definition)])).toEqual({
      deployed: [],
      unchanged: ['essai-identique@1'],
    });
    expect(await rowsOf('essai-identique')).toEqual([first]);
  });

  it('refuses a changed definition under the same version, naming it and the next version, writing nothing', async () => {
    const deployed = processNamed('essai-modifie');
    await deployDefinitions(prisma, [deployed]);
    const [before] = await rowsOf('essai-modifie');

    const changed = processNamed('essai-modifie', { title: 'Agrément d’une IPM (révisé)' });
    const oldHash = definitionHash(deployed);
    const newHash = definitionHash(changed);
    expect(newHash).not.toBe(oldHash);

    const attempt = deployDefinitions(prisma, [changed]);
    await expect(attempt).rejects.toBeInstanceOf(SiamoError);
    await expect(attempt).rejects.toMatchObject({
      name: 'SiamoError',
      code: 'definition_modifiee',
      message:
        `La définition « essai-modifie » version 1 a changé depuis son déploiement ` +
        `(empreinte ${oldHash.slice(0, 12)} → ${newHash.slice(0, 12)}). Des dossiers peuvent l’utiliser : ` +
        'publiez la modification sous la version 2.',
    });
    expect(await rowsOf('essai-modifie')).toEqual([before]);
  });

  it('refuses a change deep inside the definition too', async () => {
    const deployed = processNamed('essai-profond', { version: 3 });
    await deployDefinitions(prisma, [deployed]);
    const changed = structuredClone(deployed);
    const accorder = changed.events['decision.accorder'];
    if (!accorder) throw new Error('no decision.accorder');
    accorder.roles = ['directeur_ministere', 'agent_ministere'];

    await expect(deployDefinitions(prisma, [changed])).rejects.toMatchObject({
      code: 'definition_modifiee',
      message: expect.stringMatching(/^La définition « essai-profond » version 3 a changé .* sous la version 4\.$/),
    });
  });

  it('writes nothing at all when one of several definitions is refused', async () => {
    await deployDefinitions(prisma, [processNamed('essai-lot-ancien')]);
    const fresh = processNamed('essai-lot-nouveau');
    const changed = processNamed('essai-lot-ancien', { description: 'Autre texte.' });

    await expect(deployDefinitions(prisma, [fresh, changed])).rejects.toMatchObject({
      code: 'definition_modifiee',
      message: expect.stringContaining('« essai-lot-ancien » version 1'),
    });
    expect(await rowsOf('essai-lot-nouveau')).toEqual([]);
    expect((await rowsOf('essai-lot-ancien')).map((r) => r.hash)).toEqual([
      definitionHash(processNamed('essai-lot-ancien')),
    ]);
  });

  it('hashes the same definition the same whatever the order of its keys', async () => {
    const definition = processNamed('essai-ordre');
    const reordered = reversedKeys(definition) as ProcessDefinition;
    expect(Object.keys(reordered)).toEqual(Object.keys(definition).reverse());
    expect(definitionHash(reordered)).toBe(definitionHash(definition));
    // An absent key and an undefined one are the same definition once stored as JSON.
    expect(definitionHash({ ...definition, description: undefined })).toBe(
      definitionHash(processNamed('essai-ordre', { description: undefined })),
    );
    expect(definitionHash({ a: 1, b: undefined })).toBe(definitionHash({ a: 1 }));
    // The order of a list is meaningful: alternatives and options are tried and shown in order.
    expect(definitionHash({ roles: ['a', 'b'] })).not.toBe(definitionHash({ roles: ['b', 'a'] }));

    await deployDefinitions(prisma, [definition]);
    expect(await deployDefinitions(prisma, [reordered])).toEqual({ deployed: [], unchanged: ['essai-ordre@1'] });
  });

  it('deploys a new version beside the old one', async () => {
    const v1 = processNamed('essai-versions');
    const v2 = processNamed('essai-versions', { version: 2, title: 'Agrément d’une IPM (v2)' });
    await deployDefinitions(prisma, [v1]);

    expect(await deployDefinitions(prisma, [v1, v2])).toEqual({
      deployed: ['essai-versions@2'],
      unchanged: ['essai-versions@1'],
    });
    const rows = await rowsOf('essai-versions');
    expect(rows.map((r) => [r.version, r.title, r.hash])).toEqual([
      [1, 'Agrément d’une IPM', definitionHash(v1)],
      [2, 'Agrément d’une IPM (v2)', definitionHash(v2)],
    ]);
    expect(rows[1]?.definition).toEqual(JSON.parse(JSON.stringify(v2)));
  });
});
