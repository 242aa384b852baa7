import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'mocks/**/*.test.ts', 'generators/**/*.test.ts', 'scripts/**/*.test.ts'],
    globalSetup: ['tests/setup/build-package.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
