import { configDefaults, defineConfig } from 'vitest/config';

// TEST_TOPOLOGY=cluster (npm run test:cluster) runs the suite on a 3-master Redis Cluster. Tests that never touch
// the suite's Redis (pure rules, parsing, rendering, the bank, the CI script) or that start a single redis-server or
// a Sentinel set of their own (start-up and data-dir checks, outages, failover) would only run a second time
// unchanged, so they are left out there.
const cluster = process.env.TEST_TOPOLOGY === 'cluster';
const SAME_ON_ANY_TOPOLOGY = [
  'test/domain/**', 'test/core/**', 'test/render/**', 'test/ops/**', 'test/questions.test.ts', 'test/ci.test.ts', 'test/cli/**',
  'test/schedule/when.test.ts', 'test/store/target.test.ts', 'test/store/sentinel.test.ts', 'test/delivery/outage.test.ts',
  'test/platforms/console/process.test.ts', 'test/platforms/*/render.test.ts', 'test/platforms/slack/manifest.test.ts',
];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(cluster ? SAME_ON_ANY_TOPOLOGY : [])],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
