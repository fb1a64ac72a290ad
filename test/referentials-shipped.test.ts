import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '../prisma/client.ts';
import { REFERENTIALS } from '../processes/referentials/catalogue.ts';
import { DEMO_ORGANISATIONS } from '../services/people/demo-accounts.ts';
import { asOf } from '../services/referentials/as-of.ts';
import { carePackageAt } from '../services/referentials/care-package.ts';
import { sampleActs, tariffsCsv } from '../services/referentials/samples.ts';
import { loadShippedReferentials } from '../services/referentials/shipped.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';

// What Siamo ships: every referential of the issue with its owner, the brief's administrative division
// in force, and sample versions labelled « exemple », the tariff's with a change in force in July; for
// the demo IPMs and provider, a sample of each referential they keep for themselves.

let db: TestDatabase;
let prisma: PrismaClient;
let loaded: string[];

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrisma(db.url);
  await prisma.organisation.createMany({ data: DEMO_ORGANISATIONS, skipDuplicates: true });
  loaded = await loadShippedReferentials(prisma, { examples: true, medicines: 3000 });
}, 120_000);
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe('the shipped referentials', () => {
  it('are every referential of the catalogue, each with its owner organisation or kept by each IPM / provider', async () => {
    const referentials = await prisma.referential.findMany({ orderBy: { code: 'asc' } });
    expect(referentials.map((r) => r.code)).toEqual(REFERENTIALS.map((r) => r.code).sort());
    const national = referentials.filter((r) => r.ownedBy === null);
    const owners = await prisma.organisation.findMany({
      where: { id: { in: national.map((r) => r.ownerOrganisationId ?? '') } },
    });
    expect(new Set(owners.map((o) => o.id))).toEqual(new Set(national.map((r) => r.ownerOrganisationId)));
    expect(
      referentials.filter((r) => r.ownedBy !== null).map((r) => [r.code, r.ownedBy, r.ownerOrganisationId]),
    ).toEqual([
      ['ipm-panier-de-soins', 'ipm', null],
      ['ipm-prestataires-conventionnes', 'ipm', null],
      ['ipm-tarifs-convenus', 'ipm', null],
      ['ps-transcodage', 'prestataire', null],
    ]);
    expect(referentials.find((r) => r.code === 'medicaments')?.ownerLabel).toBe('DPM');
    expect(loaded).toEqual([
      'decoupage',
      'actes',
      'medicaments',
      'tarifs',
      'entreprises',
      'ipm',
      'prestataires',
      'professionnels',
      'prestations',
      'normes',
      'plan_comptable',
      'beneficiaires_hors_amo',
      'ipm-prestataires-conventionnes (ipm-industries-dakar)',
      'ipm-panier-de-soins (ipm-industries-dakar)',
      'ipm-tarifs-convenus (ipm-industries-dakar)',
      'ipm-prestataires-conventionnes (ipm-thies)',
      'ipm-panier-de-soins (ipm-thies)',
      'ipm-tarifs-convenus (ipm-thies)',
      'ps-transcodage (ps-clinique-medina)',
    ]);
  });

  it('give every referential a version in force, whose rows refer only to codes in force', async () => {
    const inForce = await prisma.referentialVersion.findMany({ where: { status: 'en_vigueur' } });
    expect(new Set(inForce.map((v) => v.referentialCode))).toEqual(new Set(REFERENTIALS.map((r) => r.code)));
    // Each was imported with its references checked: a provider's département, a package line's act.
    const [provider] = await prisma.referentialRow.findMany({ where: { referentialCode: 'prestataires' }, take: 1 });
    const departement = (provider?.fields as { departement?: string } | undefined)?.departement ?? '';
    expect((await asOf(prisma, 'decoupage', [departement], '2026-12-02'))[0]?.fields).toMatchObject({
      niveau: 'departement',
    });
    expect(await prisma.referentialRow.count({ where: { referentialCode: 'entreprises' } })).toBeGreaterThanOrEqual(
      100,
    );
  });

  it('hold the brief’s 14 régions and 46 départements, each département under its région', async () => {
    const rows = await prisma.referentialRow.findMany({ where: { referentialCode: 'decoupage' } });
    const level = (l: string) => rows.filter((r) => (r.fields as { niveau: string }).niveau === l);
    expect(level('region')).toHaveLength(14);
    expect(level('departement')).toHaveLength(46);
    const [pikine] = await asOf(prisma, 'decoupage', ['SN-DK-PIKINE'], '2026-12-02');
    expect(pikine?.fields).toEqual({ niveau: 'departement', nom: 'Pikine', parent: 'SN-DK' });
    const [nioro] = await asOf(prisma, 'decoupage', ['SN-KL-NIORO-DU-RIP'], '2026-12-02');
    expect(nioro?.fields).toMatchObject({ nom: 'Nioro du Rip' });
    expect(pikine?.version?.title).not.toMatch(/exemple/);
  });

  it('label the samples « exemple », in realistic sizes', async () => {
    const versions = await prisma.referentialVersion.findMany({ where: { referentialCode: { not: 'decoupage' } } });
    expect(versions.every((v) => v.title.includes('(exemple)'))).toBe(true);
    const count = (referentialCode: string) => prisma.referentialRow.count({ where: { referentialCode } });
    expect(await count('actes')).toBeGreaterThanOrEqual(200);
    expect(await count('medicaments')).toBe(3000);
  });

  it('show a tariff change in force: the day before reads the first version, the day itself the second', async () => {
    // An act whose tariff the July revision raises, found from the two files rather than assumed.
    const acts = sampleActs();
    const amount = (csv: string, code: string) =>
      csv
        .split('\n')
        .find((l) => l.startsWith(`${code};`))
        ?.split(';')[1];
    const changed = acts.find((a) => amount(tariffsCsv(acts, 0), a.code) !== amount(tariffsCsv(acts, 1), a.code));
    if (!changed) throw new Error('aucun tarif révisé');
    const [before] = await asOf(prisma, 'tarifs', [changed.code], '2026-06-30');
    const [after] = await asOf(prisma, 'tarifs', [changed.code], '2026-07-01');
    expect(before?.version).toMatchObject({ number: 1, status: 'remplacee' });
    expect(after?.version).toMatchObject({ number: 2, status: 'en_vigueur' });
    expect(String(before?.fields?.montant)).toBe(amount(tariffsCsv(acts, 0), changed.code));
    expect(String(after?.fields?.montant)).toBe(amount(tariffsCsv(acts, 1), changed.code));
  });

  it('give each demo IPM its own care package, both in force on the same day for the same act', async () => {
    const [dakar] = await carePackageAt(prisma, 'ipm-industries-dakar', ['CON001'], '2026-12-02');
    const [thies] = await carePackageAt(prisma, 'ipm-thies', ['CON001'], '2026-12-02');
    expect(dakar).toMatchObject({ covered: true, versionNumber: 1 });
    expect(thies).toMatchObject({ covered: true, versionNumber: 1 });
    expect(dakar?.versionId).not.toBe(thies?.versionId);
    const version = await prisma.referentialVersion.findUniqueOrThrow({ where: { id: dakar?.versionId ?? '' } });
    expect(version).toMatchObject({ ownerOrganisationId: 'ipm-industries-dakar', status: 'en_vigueur' });
    expect(version.title).toBe('Panier de soins — IPM des Industries de Dakar (exemple)');
    // A provider's agreed tariff names a provider the IPM has conventioned, and its code is the pair.
    const [tariff] = await prisma.referentialRow.findMany({
      where: { referentialCode: 'ipm-tarifs-convenus', ownerOrganisationId: 'ipm-thies' },
      take: 1,
    });
    const fields = tariff?.fields as { prestataire: string; acte: string };
    expect(tariff?.code).toBe(`${fields.prestataire}-${fields.acte}`);
    expect(
      await prisma.referentialRow.count({
        where: {
          referentialCode: 'ipm-prestataires-conventionnes',
          ownerOrganisationId: 'ipm-thies',
          code: fields.prestataire,
        },
      }),
    ).toBe(1);
  });

  it('are loaded once: a second start loads nothing', async () => {
    expect(await loadShippedReferentials(prisma, { examples: true })).toEqual([]);
  });
});
