/**
 * Replays the Glance conformance corpus (tests/conformance/glance/: recorded from the real Glance
 * 25.1.0) against the mock, loaded with the dataset the recording started from, and requires the
 * same status, compared headers and body for every request, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNovaImagesMock } from '../mocks/node.ts';
import { CASES, type CaseCaller } from './conformance/glance/cases.ts';
import corpusJson from './conformance/glance/corpus.json' with { type: 'json' };
import { type Corpus, recordResponse, requestInit } from './conformance/glance/corpus.ts';
import dataset from './conformance/glance/dataset.json' with { type: 'json' };
import { assertGlanceResponse } from './support/glance-schemas.ts';

const corpus = corpusJson as unknown as Corpus;
const BASE = 'http://glance-conformance.test';
const mock = createNovaImagesMock({
  baseUrl: BASE,
  dataset: dataset as never,
  auth: 'token',
  users: [
    { user: 'demo', password: 'pw', project: 'demo', roles: ['member', 'reader'] },
    { user: 'other', password: 'pw', project: 'other', roles: ['member', 'reader'] },
    { user: 'admin', password: 'pw', project: 'demo', roles: ['admin', 'member', 'reader'] },
  ],
});
const tokens: Partial<Record<CaseCaller, string>> = {};

async function login(user: string): Promise<string> {
  const response = await fetch(`${BASE}/identity/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: user, domain: { id: 'default' }, password: 'pw' } },
        },
        scope: { project: { name: user === 'admin' ? 'demo' : user, domain: { id: 'default' } } },
      },
    }),
  });
  return response.headers.get('x-subject-token') ?? '';
}

beforeAll(async () => {
  mock.listen({ onUnhandledRequest: 'error' });
  for (const user of ['demo', 'other', 'admin'] as const) tokens[user] = await login(user);
});
afterAll(() => mock.close());

/** Glance's tags come back in Python set order; the corpus compares them as sets. */
function sortTags(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortTags);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      key === 'tags' && Array.isArray(item) ? [...item].sort() : sortTags(item),
    ]),
  );
}

/** The recording's Glance root becomes the mock's `/image` mount. */
function rebased(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replaceAll(corpus.glanceRoot, `${BASE}/image`));
}

describe('Glance conformance corpus', () => {
  it('covers every case of cases.ts, in order', () => {
    expect(corpus.cases.map((recorded) => recorded.case.name)).toEqual(CASES.map((item) => item.name));
  });

  it.each(corpus.cases.map((recorded, index) => [index, recorded.case.name, recorded] as const))(
    '#%i %s',
    async (_index, _name, recorded) => {
      const { case: item } = recorded;
      const init = requestInit(item, tokens[item.caller ?? 'demo']);
      const response = await fetch(`${BASE}/image${item.path}`, init);
      const copy = response.clone();
      const actual = await recordResponse(response);
      assertGlanceResponse(
        init.method ?? 'GET',
        item.path.split('?')[0] ?? '',
        copy.status,
        copy.headers.get('content-type') ?? '',
        await copy.text(),
      );
      const expected = rebased(recorded.response) as typeof actual;
      // The oracle's stand-in for keystonemiddleware adds no WWW-Authenticate to Glance's own 401;
      // keystonemiddleware does (auth_token `process_response`), and so does the mock.
      if (expected.status === 401 && expected.headers['www-authenticate'] === undefined)
        delete actual.headers['www-authenticate'];
      expect({ ...actual, body: sortTags(actual.body) }).toEqual({
        ...expected,
        body: sortTags(expected.body),
      });
    },
  );
});
