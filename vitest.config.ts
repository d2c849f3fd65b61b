import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'fidelity/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Renders use both cores already; running test files in parallel only adds contention.
    fileParallelism: false,
  },
});
