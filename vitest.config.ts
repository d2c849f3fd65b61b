import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the `placard-source` export
// condition), so tests never need a build; the rest are Vite's default server conditions.
const conditions = ['placard-source', 'module', 'node', 'development|production'];

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
