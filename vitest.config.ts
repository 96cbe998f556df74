import { defineConfig } from 'vitest/config';

// One run for the whole repo: unit tests beside their code, browser tests in e2e/.
export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'samples/*/src/**/*.test.ts',
      'e2e/**/*.test.ts',
      'interop/**/*.test.ts',
      'bench/**/*.test.ts',
      'install/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
