/** A Node mock for tests, configured as Nova's api_samples were generated. */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createNovaImagesMock, type NovaImagesMock } from '../../mocks/node.ts';
import type { NovaImagesMockOptions } from '../../mocks/options.ts';

export const SAMPLE_PROJECT = '6f70656e737461636b20342065766572';
export const SAMPLE_PUBLIC_URL = 'http://openstack.example.com';
export const SAMPLE_GLANCE_URL = 'http://glance.openstack.example.com';

/** Starts a mock for the file's tests; state is restored after each test. */
export function useNovaMock(options: NovaImagesMockOptions = {}): NovaImagesMock {
  const mock = createNovaImagesMock({
    publicUrl: SAMPLE_PUBLIC_URL,
    glanceUrl: SAMPLE_GLANCE_URL,
    ...options,
  });
  beforeAll(() => mock.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => mock.reset());
  afterAll(() => mock.close());
  return mock;
}
