import pg from 'pg';
import { migrate } from '../runtime/migrate.ts';
import { importWorkforce } from '../services/enrolment/import-workforce.ts';
import { rightsAtMany } from '../services/enrolment/rights-at.ts';
import { WORKFORCE_COLUMNS } from '../services/enrolment/workforce-file.ts';
import { newDataKeysText, parseDataKeys } from '../services/personal-data/data-keys.ts';
import { createTestDatabase } from '../test/support/database.ts';
import { insertEmployer } from '../test/support/enrolment.ts';
import { metric, registerBenchmark } from './registry.ts';

// The enrolment at scale: a workforce file of BENCH_PARTICIPANTS participants (100 000) with one and a
// half dependants each (150 000), imported into an IPM whose register is checked against another
// IPM's already holding BENCH_OTHER participants (cross-IPM duplicate detection runs on every line):
// read, validated, NIN encrypted and indexed, stored in one transaction. Then `rightsAt` in its batch
// form for every beneficiary of the file at one date. Synthetic names and identifiers only.
// Prints `metric adhesion.import_participants_per_s` and `metric droits.rights_at_per_s`.

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 100_000);
const OTHER = Number(process.env.BENCH_OTHER ?? 20_000);

function workforceFile(count: number, offset: number): Uint8Array {
  const lines = [WORKFORCE_COLUMNS.join(';')];
  for (let i = 0; i < count; i++) {
    const n = offset + i;
    const sex = n % 2 === 0 ? 'M' : 'F';
    const nin = `${sex === 'M' ? 1 : 2}${String(n).padStart(12, '0')}`;
    const matricule = `M${n}`;
    lines.push(
      `P;${matricule};NIN;${nin};Nom${n};Prenom${n};1980-01-${String((n % 28) + 1).padStart(2, '0')};${sex};${150_000 + (n % 500) * 1000};2026-01-01;;`,
    );
    lines.push(`A;${matricule};;;Nom${n};Enfant${n};2012-06-${String((n % 28) + 1).padStart(2, '0')};M;;;enfant;`);
    if (n % 2 === 0) lines.push(`A;${matricule};;;Nom${n};Conjoint${n};1982-03-03;F;;;conjoint;`);
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

registerBenchmark({
  name: 'adhesion',
  description: `import de ${PARTICIPANTS} participants et ${PARTICIPANTS * 1.5} ayants droit, puis rightsAt en lot`,
  async run() {
    const cleanup: (() => Promise<unknown>)[] = [];
    try {
      let url = process.env.DATABASE_URL;
      if (url) await migrate(url);
      else {
        const database = await createTestDatabase();
        cleanup.push(() => database.drop());
        url = database.url;
      }
      const pool = new pg.Pool({ connectionString: url, max: 4 });
      cleanup.unshift(() => pool.end());
      const keys = parseDataKeys(newDataKeysText());

      const other = await insertEmployer(pool, 'IPM-BENCH-B');
      const seeded = await importWorkforce(pool, {
        ipmId: 'IPM-BENCH-B',
        employerId: other,
        bytes: workforceFile(OTHER, 10_000_000),
        keys,
        asOf: '2026-12-01',
      });
      if (!seeded.applied) throw new Error('le registre de l’autre IPM n’a pas été chargé');

      const employerId = await insertEmployer(pool, 'IPM-BENCH-A');
      const bytes = workforceFile(PARTICIPANTS, 0);
      const started = performance.now();
      const report = await importWorkforce(pool, { ipmId: 'IPM-BENCH-A', employerId, bytes, keys, asOf: '2026-12-01' });
      const importS = (performance.now() - started) / 1000;
      if (!report.applied || report.participantsCreated !== PARTICIPANTS)
        throw new Error(`import incomplet : ${JSON.stringify({ ...report, refused: report.refused.slice(0, 3) })}`);
      console.log(
        `import : ${report.participantsCreated} participants, ${report.dependantsCreated} ayants droit en ${importS.toFixed(1)} s (fichier de ${(bytes.length / 1e6).toFixed(1)} Mo)`,
      );

      const ids = await pool.query<{ id: string }>(
        `SELECT p."id" FROM "Participant" p WHERE p."employerId" = $1
         UNION ALL SELECT d."id" FROM "Dependant" d JOIN "Participant" p ON p."id" = d."participantId" WHERE p."employerId" = $1`,
        [employerId],
      );
      const questions = ids.rows.map((r) => ({ beneficiaryId: r.id, date: '2026-12-15' }));
      const rightsStarted = performance.now();
      const answers = await rightsAtMany(pool, questions);
      const rightsS = (performance.now() - rightsStarted) / 1000;
      const covered = answers.filter((a) => a?.covered).length;
      if (covered !== questions.length) throw new Error(`${questions.length - covered} bénéficiaires non couverts`);
      console.log(`rightsAt : ${questions.length} réponses en ${rightsS.toFixed(2)} s`);

      metric('adhesion.import_participants_per_s', PARTICIPANTS / importS);
      metric('adhesion.import_seconds', importS);
      metric('droits.rights_at_per_s', questions.length / rightsS);
    } finally {
      for (const step of cleanup) await step().catch(() => undefined);
    }
  },
});
