// A scenario given as an option (serve --scenario) is active from the start and survives resets.
import { describe, expect, it } from 'vitest';
import { novaFetch } from './support/client.ts';
import { useNovaMock } from './support/mock.ts';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

describe('a scenario given at start-up', () => {
  const started = useNovaMock({ baseUrl: 'http://started.example', scenario: 'read-only' });
  it('is active from the first request and comes back after a reset', async () => {
    const url = `${started.baseUrl}/v2.1/images/${IMAGE}`;
    expect((await novaFetch(url, { method: 'DELETE' })).status).toBe(403);
    started.scenario(null);
    started.reset();
    expect((await novaFetch(url, { method: 'DELETE' })).status).toBe(403);
  });
});
