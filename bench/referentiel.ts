import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createPrisma } from '../prisma/client.ts';
import { AsOfTable, dayNumber } from '../services/referentials/as-of-table.ts';
import { importReferentialVersion } from '../services/referentials/import-version.ts';
import { activateVersion, approveVersion, scheduleVersion } from '../services/referentials/lifecycle.ts';
import { ensureReferentials } from '../services/referentials/owners.ts';
import { medicinesCsv, type SampleMedicine, sampleMedicines, seeded } from '../services/referentials/samples.ts';
import { createTestDatabase } from '../test/support/database.ts';
import { metric, registerBenchmark } from './registry.ts';

// `npm run bench -- referentiel`: a medicines version of BENCH_REFERENTIEL_ROWS rows (50 000) imported
// — read, validated, written and diffed against a previous version of the same size, in force — and
// as-of lookups in batch mode: the versions covering a year loaded once, then BENCH_REFERENTIEL_LOOKUPS
// (2 000 000) lookups of random codes on random days across the change.

const positiveInt = (variable: string, fallback: number): number => {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${variable} doit être un entier ≥ 1 (reçu « ${raw} »).`);
  return value;
};

const DPM_MANAGER = {
  id: 'bench-dpm',
  organisationId: 'dpm',
  organisationKind: 'MINISTERE',
  roles: ['directeur_ministere'],
};

/** The next version: 5 % of prices changed, 2 % of rows removed and as many added. */
function nextVersion(rows: SampleMedicine[]): SampleMedicine[] {
  const random = seeded(99);
  const removed = Math.floor(rows.length * 0.02);
  const kept = rows.slice(removed).map((m) => (random() < 0.05 ? { ...m, prix: m.prix + 50 } : m));
  const added = sampleMedicines(removed, 3).map((m, i) => ({ ...m, code: `MED9${String(i).padStart(5, '0')}` }));
  return [...kept, ...added];
}

export async function run(): Promise<void> {
  const size = positiveInt('BENCH_REFERENTIEL_ROWS', 50_000);
  const lookups = positiveInt('BENCH_REFERENTIEL_LOOKUPS', 2_000_000);
  const db = await createTestDatabase();
  const prisma = createPrisma(db.url, { maxConnections: db.embedded ? 1 : 4 });
  try {
    await ensureReferentials(prisma);
    const first = sampleMedicines(size);
    const second = nextVersion(first);
    const files = [first, second].map((rows) => new TextEncoder().encode(medicinesCsv(rows)));

    const timings: number[] = [];
    const ids: string[] = [];
    for (const [i, file] of files.entries()) {
      const started = performance.now();
      const result = await importReferentialVersion(prisma, {
        referential: 'medicaments',
        file,
        fileName: `medicaments-${i + 1}.csv`,
        title: `Médicaments (exemple) ${i + 1}`,
        importedBy: 'bench',
      });
      timings.push((performance.now() - started) / 1000);
      if ('problem' in result) throw new Error(result.problem.message);
      if (result.status !== 'validee')
        throw new Error(`version ${i + 1} : ${result.summary.invalides} lignes invalides`);
      console.log(`version ${i + 1} : ${JSON.stringify(result.summary)} en ${timings[i]?.toFixed(2)} s`);
      ids.push(result.versionId);
      await approveVersion(prisma, result.versionId, DPM_MANAGER);
      const from = i === 0 ? '2026-01-01' : '2026-07-01';
      await scheduleVersion(prisma, result.versionId, 'systeme', { from, allowPast: true });
      await activateVersion(prisma, result.versionId, from);
    }
    const importSeconds = timings[1] as number;
    console.log(
      `Import de la seconde version (lecture, validation, écriture, différence) : ${importSeconds.toFixed(2)} s.`,
    );

    const loadStarted = performance.now();
    const table = await AsOfTable.load(prisma, 'medicaments', '2026-01-01', '2026-12-31');
    console.log(
      `Chargement des versions de l’année : ${table.size} lignes en ${((performance.now() - loadStarted) / 1000).toFixed(2)} s.`,
    );
    const codes = [...new Set([...first, ...second].map((m) => m.code))];
    const random = seeded(5);
    const start = dayNumber('2026-01-01');
    const queries = Array.from({ length: lookups }, () => ({
      code: codes[Math.floor(random() * codes.length)] as string,
      day: start + Math.floor(random() * 365),
    }));
    let found = 0;
    const lookupStarted = performance.now();
    for (const q of queries) if (table.lookup(q.code, q.day)) found++;
    const lookupSeconds = (performance.now() - lookupStarted) / 1000;
    console.log(`${lookups} recherches à date, ${found} trouvées, en ${lookupSeconds.toFixed(3)} s.`);
    metric('referentiel.import_rows_per_s', Math.round(size / importSeconds));
    metric('referentiel.lookups_per_s', Math.round(lookups / lookupSeconds));
  } finally {
    await prisma.$disconnect();
    await db.drop();
  }
}

registerBenchmark({
  name: 'referentiel',
  description: 'import d’une version de 50 000 lignes avec son rapport, et recherches à date en mémoire',
  run,
});

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
