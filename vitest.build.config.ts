import { defineConfig } from 'vitest/config';

// `npm run test:build`: the compiled build and the container recipe. Each compiles the project and
// installs dependencies in scratch directories (a minute or more of both cores), so they run on
// their own rather than beside the main suite's timing-sensitive tests.
export default defineConfig({
  test: {
    include: ['tests/build/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
