// The named scenarios, each exercised through HTTP as a demo would meet it.
import { describe, expect, it } from 'vitest';
import { ErrorInjector } from '../mocks/injection/injector.ts';
import { findScenario, SCENARIO_NAMES, TOKEN_EXPIRED_AFTER } from '../mocks/injection/scenarios.ts';
import { checkedFetch, jsonBody, novaFetch } from './support/client.ts';
import { SAMPLE_PROJECT, useNovaMock } from './support/mock.ts';

const FIRST = 'cedef40a-ed67-4d10-800e-17455edce175';
const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

const mock = useNovaMock({ auth: 'token', errorSeed: 3 });
const api = `${mock.baseUrl}/v2.1/${SAMPLE_PROJECT}/images`;
let token = '';

async function login(): Promise<string> {
  const response = await checkedFetch(
    `${mock.baseUrl}/identity/v3/auth/tokens`,
    jsonBody('POST', {
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'demo', password: 'x' } } },
        scope: { project: { name: 'demo' } },
      },
    }),
  );
  expect(response.status).toBe(201);
  token = response.headers.get('x-subject-token') ?? '';
  return token;
}

const authed = (init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), 'x-auth-token': token },
});

async function scenario(name: string | null) {
  const response = await checkedFetch(`${mock.baseUrl}/__mock/scenario`, jsonBody('POST', { name }));
  expect(response.status).toBe(200);
  return (await response.json()) as { scenario: string | null; rules: { id: string }[] };
}

describe('scenarios', () => {
  it('are listed with what each shows, and switched and cleared through /__mock/scenario', async () => {
    const listing = (await (await checkedFetch(`${mock.baseUrl}/__mock/scenario`)).json()) as {
      scenario: null;
      available: { name: string; description: string }[];
    };
    expect(listing.scenario).toBeNull();
    expect(listing.available.map((entry) => entry.name)).toEqual([
      'token-expired',
      'read-only',
      'vanishing-image',
      'metadata-quota',
      'flaky',
      'slow',
    ]);
    expect(SCENARIO_NAMES).toHaveLength(6);
    expect((await scenario('read-only')).scenario).toBe('read-only');
    expect((await scenario('flaky')).rules).toHaveLength(2);
    expect(mock.errors.list()).toHaveLength(2);
    expect(await scenario(null)).toEqual({ scenario: null, rules: [] });
  });

  it(`token-expired: a token works for ${TOKEN_EXPIRED_AFTER} calls, then 401 until a new token`, async () => {
    await scenario('token-expired');
    await login();
    for (let call = 0; call < TOKEN_EXPIRED_AFTER; call++) {
      expect((await novaFetch(`${api}/${IMAGE}`, authed())).status).toBe(200);
    }
    const expired = await checkedFetch(`${api}/${IMAGE}`, authed());
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toBe(
      'Keystone uri="http://openstack.example.com/identity"',
    );
    expect(await expired.json()).toEqual({
      error: {
        code: 401,
        title: 'Unauthorized',
        message: 'The request you have made requires authentication.',
      },
    });
    expect((await checkedFetch(`${api}/detail`, authed())).status).toBe(401);
    await login();
    expect((await novaFetch(`${api}/${IMAGE}`, authed())).status).toBe(200);
  });

  it("read-only: reads work, every write is 403 with Nova's text, and nothing changes", async () => {
    await login();
    await scenario('read-only');
    const before = mock.store.records();
    expect((await novaFetch(`${api}/detail`, authed())).status).toBe(200);
    expect((await novaFetch(`${api}/${IMAGE}/metadata`, authed())).status).toBe(200);
    const del = await novaFetch(`${api}/${IMAGE}`, authed({ method: 'DELETE' }));
    expect(del.json).toEqual({
      forbidden: { code: 403, message: 'You are not allowed to delete the image.' },
    });
    for (const [url, init] of [
      [`${api}/${IMAGE}/metadata`, jsonBody('POST', { metadata: { a: 'b' } })],
      [`${api}/${IMAGE}/metadata`, jsonBody('PUT', { metadata: { a: 'b' } })],
      [`${api}/${IMAGE}/metadata/a`, jsonBody('PUT', { meta: { a: 'b' } })],
      [`${api}/${IMAGE}/metadata/kernel_id`, { method: 'DELETE' }],
    ] as const) {
      const reply = await novaFetch(url, authed(init));
      expect(reply.json).toEqual({ forbidden: { code: 403, message: `Not authorized for image ${IMAGE}.` } });
    }
    expect(mock.store.records()).toEqual(before);
  });

  it('vanishing-image: the first listed image stays listed but is 404 on show, delete and metadata', async () => {
    await login();
    const rules = (await scenario('vanishing-image')).rules;
    expect(rules[0]).toMatchObject({ imageId: FIRST, status: 404 });
    const list = await novaFetch(`${api}?limit=1`, authed());
    expect((list.json as { images: { id: string }[] }).images[0]?.id).toBe(FIRST);
    for (const [url, init] of [
      [`${api}/${FIRST}`, {}],
      [`${api}/${FIRST}/metadata`, {}],
      [`${api}/${FIRST}/metadata/kernel_id`, {}],
      [`${api}/${FIRST}`, { method: 'DELETE' }],
    ] as const) {
      const reply = await novaFetch(url, authed(init));
      expect(reply.json).toEqual({ itemNotFound: { code: 404, message: 'Image not found.' } });
    }
    expect((await novaFetch(`${api}/${IMAGE}`, authed())).status).toBe(200);
    expect(mock.store.records().some((record) => record.id === FIRST)).toBe(true);
  });

  it('metadata-quota: POST is 413 overLimit with Retry-After 0; PUTs meet the real quota check (403)', async () => {
    await login();
    await scenario('metadata-quota');
    const before = { ...mock.store.get({ projectId: SAMPLE_PROJECT }, IMAGE).properties };
    const post = await novaFetch(
      `${api}/${IMAGE}/metadata`,
      authed(jsonBody('POST', { metadata: { a: 'b' } })),
    );
    expect(post.json).toEqual({
      overLimit: { code: 413, message: 'Image metadata limit exceeded', retryAfter: '0' },
    });
    expect(post.headers.get('retry-after')).toBe('0');
    for (const [url, body] of [
      [`${api}/${IMAGE}/metadata`, { metadata: { a: 'b' } }],
      [`${api}/${IMAGE}/metadata/a`, { meta: { a: 'b' } }],
    ] as const) {
      const reply = await novaFetch(url, authed(jsonBody('PUT', body)));
      expect(reply.json).toEqual({ forbidden: { code: 403, message: 'Image metadata limit exceeded' } });
    }
    expect({ ...mock.store.get({ projectId: SAMPLE_PROJECT }, IMAGE).properties }).toEqual(before);
    // §10.3: an empty set skips the check, and deletes never check: the real path, not a blanket rule.
    expect((await novaFetch(`${api}/${IMAGE}/metadata/kernel_id`, authed({ method: 'DELETE' }))).status).toBe(
      204,
    );
    const cleared = await novaFetch(`${api}/${IMAGE}/metadata`, authed(jsonBody('PUT', { metadata: {} })));
    expect(cleared.json).toEqual({ metadata: {} });
    await scenario(null);
    const after = await novaFetch(
      `${api}/${IMAGE}/metadata/a`,
      authed(jsonBody('PUT', { meta: { a: 'b' } })),
    );
    expect(after.json).toEqual({ meta: { a: 'b' } });
  });

  it('flaky: about 10% of API calls are 503 (seeded), every request gets 0–250 ms of jitter', async () => {
    const rules = findScenario('flaky')?.rules({ firstListedImageId: FIRST }) ?? [];
    const injector = new ErrorInjector({ seed: 11, rules });
    const outcomes = Array.from({ length: 2000 }, () =>
      injector.decide({ endpoint: 'images.show', method: 'GET', imageId: IMAGE }),
    );
    const rate = outcomes.filter((outcome) => outcome?.status === 503).length / outcomes.length;
    expect(rate).toBeGreaterThan(0.08);
    expect(rate).toBeLessThan(0.12);
    for (const outcome of outcomes) expect(outcome?.delayMs).toBeLessThanOrEqual(250);
    // Over HTTP: only 200s and serviceUnavailable faults; the journal shows the jitter.
    await login();
    await scenario('flaky');
    const statuses = new Set<number>();
    for (let call = 0; call < 12; call++) statuses.add((await novaFetch(`${api}/${IMAGE}`, authed())).status);
    expect([...statuses].every((status) => status === 200 || status === 503)).toBe(true);
    expect(mock.requests().some((entry) => (entry.delayMs ?? 0) > 0)).toBe(true);
  });

  it('slow: every request waits 1–3 s before its normal answer', async () => {
    await scenario('slow');
    const started = performance.now();
    await login();
    expect((await novaFetch(`${api}/${IMAGE}`, authed())).status).toBe(200);
    // The delays drawn are in the journal; the clock only confirms they were really waited out.
    const delays = mock
      .requests()
      .slice(-2)
      .map((entry) => entry.delayMs ?? 0);
    expect(delays).toHaveLength(2);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(1000);
      expect(delay).toBeLessThanOrEqual(3000);
    }
    expect(performance.now() - started).toBeGreaterThanOrEqual(
      delays.reduce((sum, delay) => sum + delay, 0) - 5,
    );
  }, 15_000);
});
