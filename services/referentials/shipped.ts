import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PrismaClient } from '../../prisma/client.ts';
import { DEMO_ORGANISATIONS } from '../people/demo-accounts.ts';
import { readCsvRecords } from '../portfolio/csv-records.ts';
import { importReferentialVersion } from './import-version.ts';
import { activateVersion, approveVersion, scheduleVersion } from './lifecycle.ts';
import {
  benefitsCsv,
  chartOfAccountsCsv,
  divisionCodes,
  enterprisesCsv,
  ipmCsv,
  normsCsv,
  outsideAmoCsv,
  professionalsCsv,
  providersCsv,
} from './other-samples.ts';
import { agreedTariffsCsv, carePackageCsv, conventionedProvidersCsv, transcodingCsv } from './own-samples.ts';
import { ensureReferentials } from './owners.ts';
import { actsCsv, medicinesCsv, sampleActs, sampleMedicines, tariffsCsv } from './samples.ts';

// What Siamo ships: the administrative division of the domain brief (14 régions with their ISO
// 3166-2 codes, 46 départements) as the first version of its referential, and — with the demo data —
// sample versions of every other referential (the acts, medicines and two dated tariffs; enterprises,
// IPMs, providers, professionals, the benefit package, norms, accounts, beneficiaries outside the AMO),
// « exemple » in their title; and for the demo IPMs and provider, the referentials they keep for
// themselves (conventioned providers, care package, agreed tariffs; transcoding), one series each. Each goes through the
// same import, approval and scheduling as any version, under `systeme`; a referential that already has
// a version is left as it is, so a start-up loads them once.

export const SHIPPED_DIVISION_PATH = fileURLToPath(new URL('./data/decoupage-administratif.csv', import.meta.url));

/** The day shipped first versions come into force. */
export const SHIPPED_FROM = '2026-01-01';
/** The day the sample tariff's second version replaces its first. */
export const SHIPPED_TARIFF_CHANGE = '2026-07-01';

/** ASCII upper case, words joined by hyphens: « Nioro du Rip » → NIORO-DU-RIP. */
export const codePart = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The brief's file (region_code, region, departement) in the referential's layout. */
export function divisionCsv(source = readFileSync(SHIPPED_DIVISION_PATH, 'utf8')): string {
  const [, ...records] = readCsvRecords(source, ',').records;
  const regions = new Map<string, string>();
  const lines: string[] = [];
  for (const { fields } of records) {
    const [regionCode = '', region = ''] = fields.map((f) => f.trim());
    if (!regions.has(regionCode)) {
      regions.set(regionCode, region);
      lines.push(`${regionCode};region;${region};`);
    }
  }
  for (const { fields } of records) {
    const [regionCode = '', , departement = ''] = fields.map((f) => f.trim());
    lines.push(`${regionCode}-${codePart(departement)};departement;${departement};${regionCode}`);
  }
  return `code;niveau;nom;parent\n${lines.join('\n')}\n`;
}

async function ship(
  prisma: PrismaClient,
  referential: string,
  title: string,
  text: string,
  from: string,
  ownerOrganisationId?: string,
): Promise<void> {
  const result = await importReferentialVersion(prisma, {
    referential,
    file: new TextEncoder().encode(text),
    fileName: `${referential}.csv`,
    title,
    importedBy: 'systeme',
    day: from,
    ownerOrganisationId,
  });
  if ('problem' in result) throw new Error(`Référentiel livré ${referential} : ${result.problem.message}`);
  if (result.status !== 'validee') {
    throw new Error(`Référentiel livré ${referential} : ${result.summary.invalides} lignes invalides.`);
  }
  await approveVersion(prisma, result.versionId, 'systeme');
  await scheduleVersion(prisma, result.versionId, 'systeme', { from, allowPast: true });
  await activateVersion(prisma, result.versionId, from);
}

const hasVersion = async (prisma: PrismaClient, referential: string, ownerOrganisationId?: string) =>
  (await prisma.referentialVersion.count({ where: { referentialCode: referential, ownerOrganisationId } })) > 0;

/** The demo organisations that get sample versions of the referentials they keep (when they exist). */
export const DEMO_OWN_SAMPLE_OWNERS = DEMO_ORGANISATIONS.filter(
  (o) => o.kind === 'IPM' || o.kind === 'PRESTATAIRE',
).map((o) => o.id);

/** Loads what is shipped and missing; returns the referentials it loaded. */
export async function loadShippedReferentials(
  prisma: PrismaClient,
  options: {
    examples: boolean;
    medicines?: number;
    /** The IPMs and providers given sample versions of their own referentials (default: the demo ones). */
    ownSamplesFor?: readonly string[];
  },
): Promise<string[]> {
  await ensureReferentials(prisma);
  const loaded: string[] = [];
  if (!(await hasVersion(prisma, 'decoupage'))) {
    await ship(prisma, 'decoupage', 'Découpage administratif : régions et départements', divisionCsv(), SHIPPED_FROM);
    loaded.push('decoupage');
  }
  if (!options.examples) return loaded;
  const acts = sampleActs();
  if (!(await hasVersion(prisma, 'actes'))) {
    await ship(prisma, 'actes', 'Nomenclature des actes (exemple)', actsCsv(acts), SHIPPED_FROM);
    loaded.push('actes');
  }
  if (!(await hasVersion(prisma, 'medicaments'))) {
    const medicines = sampleMedicines(options.medicines ?? 5000);
    await ship(
      prisma,
      'medicaments',
      'Médicaments et dispositifs médicaux (exemple)',
      medicinesCsv(medicines),
      SHIPPED_FROM,
    );
    loaded.push('medicaments');
  }
  if (!(await hasVersion(prisma, 'tarifs'))) {
    await ship(prisma, 'tarifs', 'Tarifs 2026, premier semestre (exemple)', tariffsCsv(acts, 0), SHIPPED_FROM);
    await ship(
      prisma,
      'tarifs',
      'Tarifs 2026, révision de juillet (exemple)',
      tariffsCsv(acts, 1),
      SHIPPED_TARIFF_CHANGE,
    );
    loaded.push('tarifs');
  }
  const { regions, departements } = divisionCodes(divisionCsv());
  const others: [string, string, () => string][] = [
    ['entreprises', 'Entreprises (exemple)', () => enterprisesCsv(regions)],
    ['ipm', 'IPM agréées (exemple)', () => ipmCsv(regions)],
    ['prestataires', 'Prestataires de soins agréés (exemple)', () => providersCsv(departements)],
    ['professionnels', 'Professionnels de santé (exemple)', () => professionalsCsv()],
    ['prestations', 'Prestations obligatoires (exemple)', () => benefitsCsv(acts)],
    ['normes', 'Normes de gestion des IPM (exemple)', normsCsv],
    ['plan_comptable', 'Plan comptable SYSCOA adapté aux IPM (exemple)', chartOfAccountsCsv],
    ['beneficiaires_hors_amo', 'Bénéficiaires hors AMO (exemple)', () => outsideAmoCsv(regions)],
  ];
  for (const [referential, title, csv] of others) {
    if (await hasVersion(prisma, referential)) continue;
    await ship(prisma, referential, title, csv(), SHIPPED_FROM);
    loaded.push(referential);
  }
  const providerCodes = readCodes(providersCsv(departements));
  const owners = await prisma.organisation.findMany({
    where: { id: { in: [...(options.ownSamplesFor ?? DEMO_OWN_SAMPLE_OWNERS)] }, kind: { in: ['IPM', 'PRESTATAIRE'] } },
    orderBy: { id: 'asc' },
  });
  for (const owner of owners) {
    const own: [string, string, () => string][] =
      owner.kind === 'IPM'
        ? [
            [
              'ipm-prestataires-conventionnes',
              'Prestataires conventionnés',
              () => conventionedProvidersCsv(owner.id, providerCodes),
            ],
            ['ipm-panier-de-soins', 'Panier de soins', () => carePackageCsv(owner.id, acts)],
            ['ipm-tarifs-convenus', 'Tarifs convenus', () => agreedTariffsCsv(owner.id, providerCodes, acts)],
          ]
        : [['ps-transcodage', 'Transcodage', () => transcodingCsv(owner.id, acts)]];
    for (const [referential, title, csv] of own) {
      if (await hasVersion(prisma, referential, owner.id)) continue;
      await ship(prisma, referential, `${title} — ${owner.name} (exemple)`, csv(), SHIPPED_FROM, owner.id);
      loaded.push(`${referential} (${owner.id})`);
    }
  }
  return loaded;
}

/** The codes (first column) of a sample CSV. */
const readCodes = (csv: string) =>
  csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(';')[0] as string);
