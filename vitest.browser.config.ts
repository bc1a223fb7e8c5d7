import { defineConfig } from 'vitest/config';

// `npm run test:browser`: the sandbox page in a real Chromium (see tests/browser/find-chromium.ts).
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
