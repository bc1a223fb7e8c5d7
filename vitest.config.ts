import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The browser test needs a Chromium (`npm run test:browser`); the build and container tests
    // compile and install in scratch directories (`npm run test:build`).
    exclude: ['tests/browser/**', 'tests/build/**', 'tests/chaos/**', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own database; two cores run two files at once.
    pool: 'forks',
    maxWorkers: 2,
  },
});
