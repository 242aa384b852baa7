import { defineConfig } from 'vitest/config';

// The consumer tests (`npm run test:consumers`, run by .ci/run): the packed package installed into
// fresh projects from the npm registry. Apart from `npm test`, which needs no network.
export default defineConfig({
  test: {
    include: ['tests/consumers/**/*.test.ts'],
    globalSetup: ['tests/consumers/pack.ts'],
    testTimeout: 240_000,
    hookTimeout: 480_000,
  },
});
