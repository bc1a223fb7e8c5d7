import { defineConfig } from 'vitest/config';

// `npm run test:chaos`: the service killed and its database cut on purpose. Needs PostgreSQL
// (DATABASE_URL, default the local server at 127.0.0.1:5432); `.ci/run` runs it.
export default defineConfig({
  test: {
    include: ['tests/chaos/**/*.test.ts'],
    testTimeout: 400_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
