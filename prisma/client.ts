import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';

export type { PrismaClient } from '../generated/prisma/client.ts';
export { Prisma } from '../generated/prisma/client.ts';

/**
 * A Prisma client over the `pg` driver adapter: the generated client has no Rust engine, so this is
 * the only way it reaches the database. Pass `maxConnections: 1` for the embedded PGlite, which
 * refuses a second concurrent connection instead of queueing it.
 */
export function createPrisma(databaseUrl: string, options: { maxConnections?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.maxConnections });
  return new PrismaClient({ adapter });
}
