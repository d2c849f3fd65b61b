import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the `placard-source` export
// condition), so tests never need a build. Not 'module': it sends Node-run packages such as
// @aws-sdk to their extensionless ESM builds, which Node cannot load.
const conditions = ['placard-source', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: [
      'src/**/*.test.ts',
      'test/**/*.test.{ts,tsx}',
      'fidelity/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Renders use both cores already; running test files in parallel only adds contention.
    fileParallelism: false,
  },
});
