import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

// The CLI talks to the database through the same driver as the application (no Rust engine):
// that is what lets migrations run on machines that cannot download Prisma's engines.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  adapter: async () => {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL is not set: the Prisma CLI needs it to reach the database.');
    return new PrismaPg({ connectionString });
  },
});
