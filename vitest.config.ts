import { configDefaults, defineConfig } from 'vitest/config';

// TEST_TOPOLOGY=cluster (npm run test:cluster) runs the suite on a 3-master Redis Cluster; tests that never
// touch Redis (pure rules, parsing, the bank, the CI script) would only run a second time, so they are left out.
const cluster = process.env.TEST_TOPOLOGY === 'cluster';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(cluster ? ['test/domain/**', 'test/core/**', 'test/questions.test.ts', 'test/ci.test.ts'] : [])],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
