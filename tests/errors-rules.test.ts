// Error-injection rules: the grammar, validation, times / every / after / probability (seeded),
// latency, state untouched by injected writes, the journal and the /__mock control plane.
import { describe, expect, it } from 'vitest';
import { formatRule, parseRule } from '../mocks/injection/grammar.ts';
import { ErrorInjector } from '../mocks/injection/injector.ts';
import { RuleError, validateRule } from '../mocks/injection/rules.ts';
import { checkedFetch, jsonBody, novaFetch } from './support/client.ts';
import { SAMPLE_PROJECT, useNovaMock } from './support/mock.ts';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

describe('the rule grammar', () => {
  it.each([
    ['images.delete=403', { endpoint: 'images.delete', status: 403 }],
    ['metadata.*=413@0.25', { endpoint: 'metadata.*', status: 413, probability: 0.25 }],
    ['metadata.*=413@25%', { endpoint: 'metadata.*', status: 413, probability: 0.25 }],
    ['images.show=404x1', { endpoint: 'images.show', status: 404, times: 1 }],
    ['images.list=503/3', { endpoint: 'images.list', status: 503, every: 3 }],
    ['images.*=401+3', { endpoint: 'images.*', status: 401, after: 3 }],
    ['*=delay~100-400', { endpoint: '*', delayMs: [100, 400] }],
    ['images.show=~250', { endpoint: 'images.show', delayMs: 250 }],
    ['network@0.1', { status: 'network', probability: 0.1 }],
    ['403', { status: 403 }],
    [`images.show:${IMAGE}=404`, { endpoint: 'images.show', imageId: IMAGE, status: 404 }],
    [
      'images.show|metadata.list=500x2~50',
      { endpoint: ['images.show', 'metadata.list'], status: 500, times: 2, delayMs: 50 },
    ],
    [
      '*=500,method=DELETE,message=Boom, really',
      { endpoint: '*', status: 500, method: 'DELETE', message: 'Boom, really' },
    ],
    ['identity.tokens=429,retry-after=7', { endpoint: 'identity.tokens', status: 429, retryAfter: 7 }],
  ])('%s', (text, rule) => {
    expect(parseRule(text)).toEqual(rule);
    expect(parseRule(formatRule(parseRule(text)))).toEqual(rule);
  });

  it.each([
    ['images.delete=418', /status must be one of/],
    ['image.show=404', /unknown endpoint 'image.show'/],
    ['images.show=404x0', /times must be an integer ≥ 1/],
    ['images.show=404@2', /probability must be a number in \(0, 1\]/],
    ['images.show=404?', /cannot read '404\?'/],
    ['images.show=404,colour=red', /unknown option 'colour'/],
    ['images.show=', /needs a status/],
  ])('refuses %s', (text, message) => {
    expect(() => parseRule(text)).toThrow(RuleError);
    expect(() => parseRule(text)).toThrow(message);
  });

  it('validates rule objects, naming unknown fields', () => {
    expect(() => validateRule({ status: 404, endpont: 'images.show' })).toThrow(
      /unknown rule field 'endpont'/,
    );
    expect(() => validateRule({ delayMs: [5, 1] })).toThrow(/delayMs must be/);
    expect(validateRule({ status: 'network', method: 'get' })).toEqual({ status: 'network', method: 'GET' });
  });
});

describe('when rules fire', () => {
  const request = { endpoint: 'images.show', method: 'GET', imageId: IMAGE };
  const fired = (injector: ErrorInjector, count: number) =>
    Array.from({ length: count }, () => injector.decide(request)?.status ?? null);

  it('times: only the first N selected requests', () => {
    const injector = new ErrorInjector({ rules: [parseRule('images.show=404x2')] });
    expect(fired(injector, 4)).toEqual([404, 404, null, null]);
    expect(injector.list()[0]).toMatchObject({ hits: 2, matched: 4 });
  });

  it('every: the Nth, 2Nth, … selected request; after: lets N through first', () => {
    expect(fired(new ErrorInjector({ rules: [parseRule('images.show=503/3')] }), 7)).toEqual([
      null,
      null,
      503,
      null,
      null,
      503,
      null,
    ]);
    expect(fired(new ErrorInjector({ rules: [parseRule('images.show=401+2')] }), 4)).toEqual([
      null,
      null,
      401,
      401,
    ]);
    expect(fired(new ErrorInjector({ rules: [parseRule('images.show=500/2x1')] }), 6)).toEqual([
      null,
      500,
      null,
      null,
      null,
      null,
    ]);
  });

  it('probability: seeded, so the same seed gives the same sequence; the rate is about p', () => {
    const run = (seed: number) =>
      fired(new ErrorInjector({ seed, rules: [parseRule('images.show=503@0.25')] }), 400);
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
    const rate = run(42).filter((status) => status === 503).length / 400;
    expect(rate).toBeGreaterThan(0.18);
    expect(rate).toBeLessThan(0.32);
  });

  it('selects by endpoint glob, image and method; the first rule that answers wins, delays add up', () => {
    const injector = new ErrorInjector({
      seed: 1,
      rules: [
        { delayMs: 10 },
        { endpoint: 'metadata.*', status: 413 },
        { endpoint: 'images.show', imageId: 'other', status: 404 },
        { endpoint: '*', method: 'DELETE', status: 500 },
        { endpoint: 'images.*', status: 503, delayMs: 5 },
      ],
    });
    expect(injector.decide(request)).toEqual({ status: 503, delayMs: 15, ruleId: 'rule-5' });
    expect(injector.decide({ ...request, endpoint: 'metadata.set' })?.status).toBe(413);
    expect(injector.decide({ ...request, endpoint: 'images.delete', method: 'DELETE' })?.status).toBe(500);
    expect(injector.decide({ ...request, endpoint: 'identity.tokens', method: 'POST' })).toEqual({
      delayMs: 10,
    });
    expect(injector.list().map((rule) => rule.hits)).toEqual([4, 1, 0, 1, 1]);
  });
});

describe('injection in the mock', () => {
  const mock = useNovaMock({ errorSeed: 7 });
  const api = `${mock.baseUrl}/v2.1/${SAMPLE_PROJECT}/images`;
  const WRITES: [string, string, RequestInit][] = [
    ['images.delete', `${api}/${IMAGE}`, { method: 'DELETE' }],
    ['metadata.create', `${api}/${IMAGE}/metadata`, jsonBody('POST', { metadata: { a: 'b' } })],
    ['metadata.replace', `${api}/${IMAGE}/metadata`, jsonBody('PUT', { metadata: {} })],
    ['metadata.set', `${api}/${IMAGE}/metadata/kernel_id`, jsonBody('PUT', { meta: { kernel_id: 'k' } })],
    ['metadata.delete', `${api}/${IMAGE}/metadata/kernel_id`, { method: 'DELETE' }],
  ];

  it('an injected error on any write leaves the store unchanged; without it the write happens', async () => {
    for (const [endpoint, url, init] of WRITES) {
      for (const status of [500, 403, 409, 503] as const) {
        const before = mock.store.records();
        const rule = mock.errors.add({ endpoint, status, times: 1 });
        const reply = await novaFetch(url, init);
        expect(reply.status, `${endpoint} ${status}`).toBe(status);
        expect(mock.store.records()).toEqual(before);
        expect(mock.errors.list().find((listed) => listed.id === rule.id)?.hits).toBe(1);
      }
      const before = mock.store.records();
      const real = await novaFetch(url, init);
      expect(real.status).toBeLessThan(300);
      expect(mock.store.records()).not.toEqual(before);
      mock.reset();
    }
  });

  it('code rules: add (object or grammar) / list with hits / remove / clear; reset restores start-up rules', async () => {
    const rule = mock.errors.add('images.show=404x1');
    expect(rule).toMatchObject({ id: expect.stringMatching(/^rule-\d+$/), hits: 0, matched: 0 });
    expect((await novaFetch(`${api}/${IMAGE}`)).status).toBe(404);
    expect((await novaFetch(`${api}/${IMAGE}`)).status).toBe(200);
    expect(mock.errors.list()).toEqual([{ ...rule, hits: 1, matched: 2 }]);
    expect(mock.errors.remove(rule.id)).toBe(true);
    expect(mock.errors.remove(rule.id)).toBe(false);
    mock.errors.add({ status: 503 });
    mock.errors.clear();
    expect(mock.errors.list()).toEqual([]);
    mock.errors.add({ status: 503 });
    mock.reset();
    expect(mock.errors.list()).toEqual([]);
  });

  it('delays answers by delayMs', async () => {
    mock.errors.add({ endpoint: 'images.show', delayMs: 120 });
    const started = performance.now();
    expect((await novaFetch(`${api}/${IMAGE}`)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('journals every request: time, method, path, status, endpoint, injected (and the rule)', async () => {
    mock.errors.add('images.show=404x1');
    await novaFetch(`${api}/${IMAGE}`);
    await novaFetch(`${api}/${IMAGE}`);
    await novaFetch(`${api}?limit=1`, { headers: { 'x-mock-error': '503' } });
    await checkedFetch(`${api}/${IMAGE}`, { headers: { 'x-mock-error': 'network' } }).catch(() => undefined);
    await checkedFetch(`${mock.baseUrl}/v2.1/nowhere`);
    await checkedFetch(`${mock.baseUrl}/__mock/errors`);
    const entries = mock.requests();
    expect(entries.map(({ time: _time, ...entry }) => entry)).toEqual([
      {
        method: 'GET',
        path: `/v2.1/${SAMPLE_PROJECT}/images/${IMAGE}`,
        status: 404,
        endpoint: 'images.show',
        injected: true,
        rule: 'rule-1',
      },
      {
        method: 'GET',
        path: `/v2.1/${SAMPLE_PROJECT}/images/${IMAGE}`,
        status: 200,
        endpoint: 'images.show',
        injected: false,
      },
      {
        method: 'GET',
        path: `/v2.1/${SAMPLE_PROJECT}/images?limit=1`,
        status: 503,
        endpoint: 'images.list',
        injected: true,
        rule: 'request',
      },
      {
        method: 'GET',
        path: `/v2.1/${SAMPLE_PROJECT}/images/${IMAGE}`,
        status: 0,
        endpoint: 'images.show',
        injected: true,
        rule: 'request',
      },
      { method: 'GET', path: '/v2.1/nowhere', status: 404, endpoint: null, injected: false },
    ]);
    for (const entry of entries) expect(Date.parse(entry.time)).not.toBeNaN();
  });

  it('hides ?__mock_error from Nova: a delay-only one-off rule leaves the metadata GET working (§15.1)', async () => {
    const reply = await novaFetch(`${api}/${IMAGE}/metadata?__mock_error=delay~1`);
    expect(reply.status).toBe(200);
    expect((reply.json as { metadata: Record<string, string> }).metadata.kernel_id).toBe('nokernel');
  });

  it('answers an unreadable X-Mock-Error with a 400 naming the problem', async () => {
    const response = await checkedFetch(`${api}/${IMAGE}`, { headers: { 'x-mock-error': 'teapot' } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /cannot read 'teapot'/,
    );
  });
});

describe('the control plane /__mock', () => {
  const mock = useNovaMock({ errors: ['images.delete=403'] });
  const control = `${mock.baseUrl}/__mock`;
  const api = `${mock.baseUrl}/v2.1/images`;

  it('GET/POST/DELETE /__mock/errors', async () => {
    let listing = (await (await checkedFetch(`${control}/errors`)).json()) as { rules: { id: string }[] };
    expect(listing.rules).toEqual([
      { id: 'rule-1', endpoint: 'images.delete', status: 403, hits: 0, matched: 0 },
    ]);
    const added = await checkedFetch(
      `${control}/errors`,
      jsonBody('POST', { status: 404, endpoint: 'images.show', times: 1 }),
    );
    expect(added.status).toBe(201);
    const { rule } = (await added.json()) as { rule: { id: string } };
    expect(rule).toMatchObject({ id: 'rule-2', status: 404, hits: 0 });
    const byGrammar = await checkedFetch(
      `${control}/errors`,
      jsonBody('POST', { rule: 'metadata.*=413@0.5' }),
    );
    expect(((await byGrammar.json()) as { rule: unknown }).rule).toMatchObject({
      id: 'rule-3',
      probability: 0.5,
    });
    expect((await novaFetch(`${api}/${IMAGE}`)).status).toBe(404);
    listing = (await (await checkedFetch(`${control}/errors`)).json()) as { rules: { id: string }[] };
    expect(listing.rules.map((listed) => listed.id)).toEqual(['rule-1', 'rule-2', 'rule-3']);
    expect(listing.rules[1]).toMatchObject({ hits: 1, matched: 1 });
    expect((await checkedFetch(`${control}/errors/rule-2`, { method: 'DELETE' })).status).toBe(204);
    expect((await checkedFetch(`${control}/errors/rule-2`, { method: 'DELETE' })).status).toBe(404);
    expect((await checkedFetch(`${control}/errors`, { method: 'DELETE' })).status).toBe(204);
    expect(mock.errors.list()).toEqual([]);
  });

  it('refuses bad input with 400 and a clear JSON message', async () => {
    for (const [body, message] of [
      ['{not json', /not valid JSON/],
      [JSON.stringify({ status: 999 }), /status must be one of/],
      [JSON.stringify({ rule: 'nope=404' }), /unknown endpoint 'nope'/],
      [JSON.stringify([1]), /a rule must be a JSON object/],
    ] as const) {
      const response = await checkedFetch(`${control}/errors`, { method: 'POST', body });
      expect(response.status).toBe(400);
      const json = (await response.json()) as { error: { code: number; message: string } };
      expect(json.error.code).toBe(400);
      expect(json.error.message).toMatch(message);
    }
    const scenario = await checkedFetch(`${control}/scenario`, jsonBody('POST', { name: 'apocalypse' }));
    expect(scenario.status).toBe(400);
    expect((await checkedFetch(`${control}/nothing`)).status).toBe(404);
    expect((await checkedFetch(`${control}/reset`)).status).toBe(405);
  });

  it('POST /__mock/reset restores the dataset, the start-up rules, and empties the journal', async () => {
    mock.errors.clear();
    expect((await novaFetch(`${api}/${IMAGE}`, { method: 'DELETE' })).status).toBe(204);
    mock.errors.add({ status: 500, endpoint: 'images.list' });
    expect((await checkedFetch(`${control}/reset`, { method: 'POST' })).status).toBe(204);
    expect((await novaFetch(`${api}/${IMAGE}`)).status).toBe(200);
    expect(mock.errors.list().map((rule) => rule.endpoint)).toEqual(['images.delete']);
    expect(mock.requests().map((entry) => entry.path)).toEqual([`/v2.1/images/${IMAGE}`]);
    const journal = (await (await checkedFetch(`${control}/requests`)).json()) as { requests: unknown[] };
    expect(journal.requests).toHaveLength(1);
    expect((await checkedFetch(`${control}/requests`, { method: 'DELETE' })).status).toBe(204);
    expect(mock.requests()).toEqual([]);
  });

  it('the control plane is never injected into nor journaled, even with a * rule', async () => {
    mock.errors.add('*=500');
    expect((await checkedFetch(`${control}/errors`)).status).toBe(200);
    expect((await checkedFetch(`${control}/errors`, { headers: { 'x-mock-error': '503' } })).status).toBe(
      200,
    );
    expect(mock.requests()).toEqual([]);
  });
});

describe('the number of rules', () => {
  const mock = useNovaMock();

  it('is bounded: past 1000 rules POST /__mock/errors is a 400 and adds nothing, until they are cleared', async () => {
    const message = 'm'.repeat(100_000);
    for (let n = 0; n < 1_000; n++) mock.errors.add({ status: 500, endpoint: 'images.show', message });
    const refused = await novaFetch(`${mock.baseUrl}/__mock/errors`, jsonBody('POST', { status: 404 }));
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({
      error: { code: 400, message: 'at most 1000 rules at once; DELETE /__mock/errors removes them' },
    });
    expect(mock.errors.list()).toHaveLength(1_000);
    expect((await novaFetch(`${mock.baseUrl}/__mock/errors`, { method: 'DELETE' })).status).toBe(204);
    const added = await novaFetch(`${mock.baseUrl}/__mock/errors`, jsonBody('POST', { status: 404 }));
    expect(added.status).toBe(201);
  });
});
