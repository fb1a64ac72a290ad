import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql has no "exports": Node gives the libraries that import it (Pothos, Yoga) its CommonJS
    // build, while Vite would give our files its ESM one — two copies that reject each other's types.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Temporal's native worker and PostgreSQL clients behave best in their own processes.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
