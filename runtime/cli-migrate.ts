import { MigrationError, migrate } from './migrate.ts';

// `npm run db:migrate`: the same migration step the application runs at start-up, on its own.
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error(
    "DATABASE_URL n'est pas définie : indiquez la base à migrer, par exemple DATABASE_URL=postgresql://postgres@127.0.0.1:5432/siamo.",
  );
  process.exit(2);
}

try {
  const { applied } = await migrate(databaseUrl, { log: (m) => console.log(m) });
  console.log(
    applied.length === 0
      ? 'Base à jour : aucune migration à appliquer.'
      : `${applied.length} migration(s) appliquée(s) : ${applied.join(', ')}`,
  );
} catch (error) {
  console.error(error instanceof MigrationError ? error.message : error);
  process.exit(1);
}
