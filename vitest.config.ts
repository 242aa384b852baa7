import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'mocks/**/*.test.ts', 'generators/**/*.test.ts', 'scripts/**/*.test.ts'],
    // The consumer tests install from the npm registry: vitest.consumers.config.ts, run by .ci/run.
    exclude: [...configDefaults.exclude, 'tests/consumers/**'],
    globalSetup: ['tests/setup/build-package.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
