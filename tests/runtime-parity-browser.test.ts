// The same table of requests through the browser runtime (msw's service worker, in Debian's
// Chromium, on the demo page's origin) and the Node runtime (setupServer) gives the same status,
// headers that matter and body: both run the one handler set over the same dataset. The root and
// unknown paths are left out: in the browser they belong to the page (unknownPaths 'passthrough').
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createNovaImagesMock } from '../mocks/node.ts';
import { REASON_PHRASES } from '../mocks/reason-phrases.ts';
import { CHROMIUM, hasChromium, useMockPage } from './e2e/browser.ts';
import { checkReply } from './support/client.ts';
import { SAMPLE_PROJECT } from './support/mock.ts';
import { skipWithout } from './support/tools.ts';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const OTHER = '155d900f-4e14-4e4c-a73d-069cbf4541e6';
const THIRD = '76fa36fc-c930-4bf3-8c8a-ea2a2420deb6';
const JSON_TYPE = { 'content-type': 'application/json' };

type Row = [method: string, path: string, headers?: Record<string, string>, body?: string];

const LOGIN = JSON.stringify({
  auth: {
    identity: {
      methods: ['password'],
      password: { user: { name: 'alice', domain: { id: 'default' }, password: 'x' } },
    },
    scope: { project: { name: 'demo', domain: { id: 'default' } } },
  },
});
/** Replaced by the token each runtime issued in the first row. */
const TOKEN = '{token}';
const AUTH = { 'x-auth-token': TOKEN };
const AUTH_JSON = { ...AUTH, 'content-type': 'application/json' };

/**
 * Run in order, so writes are seen by later reads; no read after a write shows a timestamp.
 * The first row logs in; `{token}` stands for the token it got.
 */
const TABLE: Row[] = [
  ['POST', '/identity/v3/auth/tokens', JSON_TYPE, LOGIN],
  ['GET', '/identity/v3'],
  ['GET', '/identity'],
  ['POST', '/identity/v3/auth/tokens', JSON_TYPE, '{"auth": {}}'],
  ['GET', '/v2.1'],
  ['GET', '/v2.1/'],
  ['GET', '/v2/'],
  ['GET', '/v2.1/images'],
  ['GET', '/v2.1/images', { 'x-auth-token': 'not-a-token' }],
  ['GET', '/v2.1/images', AUTH],
  ['GET', '/v2.1/images/detail?limit=2', AUTH],
  ['GET', `/v2.1/images/detail?limit=2&marker=${IMAGE}`, AUTH],
  ['GET', `/v2.1/${SAMPLE_PROJECT}/images/detail?limit=3&status=ACTIVE`, AUTH],
  ['GET', '/v2.1/images/detail?name=fakeimage7&server=nope&type=snapshot', AUTH],
  ['GET', `/v2.1/images/${IMAGE}`, AUTH],
  ['GET', `/v2.1/images/${IMAGE}`, { ...AUTH, accept: 'application/vnd.openstack.compute+json' }],
  ['GET', '/v2.1/images/nope', AUTH],
  ['GET', '/v2.1/images?limit=0', AUTH],
  ['GET', '/v2.1/images?marker=nope', AUTH],
  ['GET', '/v2.1/images', { ...AUTH, 'openstack-api-version': 'compute 2.35' }],
  ['GET', '/v2.1/images', { ...AUTH, 'openstack-api-version': 'compute 2.36' }],
  ['GET', '/v2.1/images', { ...AUTH, 'openstack-api-version': 'compute 3.0' }],
  ['GET', '/v2.1/images', { ...AUTH, 'x-openstack-nova-api-version': '2.1.3' }],
  ['GET', '/v2.1/images', { ...AUTH, 'content-type': 'application/xml' }],
  ['POST', '/v2.1/images', { ...AUTH, accept: 'application/json' }],
  ['PATCH', `/v2.1/images/${IMAGE}`, AUTH],
  ['GET', '/v2.1/servers', AUTH],
  ['GET', '/v2.1/abc/images', AUTH],
  ['GET', `/v2.1/images/${IMAGE}/metadata`, AUTH],
  ['GET', `/v2.1/images/${IMAGE}/metadata/kernel_id`, AUTH],
  ['GET', `/v2.1/images/${IMAGE}/metadata/missing`, AUTH],
  ['POST', `/v2.1/images/${IMAGE}/metadata`, AUTH_JSON, '{"metadata": {"Label": "x", "__proto__": "p"}}'],
  ['POST', `/v2.1/images/${IMAGE}/metadata`, AUTH_JSON, '{"metadata": '],
  ['POST', `/v2.1/images/${IMAGE}/metadata`, AUTH_JSON, '{"metadata": {"k": 1}}'],
  ['POST', `/v2.1/images/${IMAGE}/metadata`, AUTH_JSON, `{"metadata": {}, "pad": "${'x'.repeat(114_700)}"}`],
  ['PUT', `/v2.1/images/${IMAGE}/metadata/Label`, AUTH_JSON, '{"meta": {"Label": "y"}}'],
  ['PUT', `/v2.1/images/${IMAGE}/metadata/Label`, AUTH_JSON, '{"meta": {"other": "y"}}'],
  ['GET', `/v2.1/images/${IMAGE}/metadata/__proto__`, AUTH],
  ['DELETE', `/v2.1/images/${IMAGE}/metadata/Label`, AUTH],
  ['DELETE', `/v2.1/images/${IMAGE}/metadata/Label`, AUTH],
  ['PUT', `/v2/images/${IMAGE}/metadata`, AUTH_JSON, '{"metadata": {"only": "one"}, "extra": 1}'],
  ['GET', `/v2.1/images/${IMAGE}/metadata`, AUTH],
  ['DELETE', `/v2.1/images/${OTHER}`, AUTH],
  ['GET', `/v2.1/images/${OTHER}`, AUTH],
  ['DELETE', `/v2.1/images/${OTHER}`, AUTH],
  // Glance v2 on the same images (reads of an image no write above touched).
  ['GET', '/image/versions'],
  ['GET', '/image/v2/images', { accept: 'application/json' }],
  ['GET', '/image/v2/images?limit=2&sort=name:asc', AUTH],
  ['GET', `/image/v2/images/${THIRD}`, AUTH],
  ['GET', `/image/v2/images/${OTHER}`, { ...AUTH, accept: 'application/json' }],
  ['PUT', '/image/v2/images', AUTH],
  ['GET', '/image/v2/schemas/members', AUTH],
  // Error injection, through the control plane and one-off.
  [
    'POST',
    '/__mock/errors',
    { 'content-type': 'application/json' },
    '{"status": 413, "endpoint": "metadata.set", "times": 1}',
  ],
  ['POST', '/__mock/errors', JSON_TYPE, '{"rule": "images.show=503"}'],
  ['POST', '/__mock/errors', JSON_TYPE, '{"status": 418}'],
  ['GET', '/__mock/errors'],
  ['PUT', `/v2.1/images/${IMAGE}/metadata/a`, AUTH_JSON, '{"meta": {"a": "b"}}'],
  ['PUT', `/v2.1/images/${IMAGE}/metadata/a`, AUTH_JSON, '{"meta": {"a": "b"}}'],
  ['GET', `/v2.1/images/${IMAGE}`, AUTH],
  ['DELETE', '/__mock/errors/rule-2'],
  ['GET', `/v2.1/images/${IMAGE}`, { ...AUTH, 'x-mock-error': '404' }],
  ['GET', `/v2.1/images/${IMAGE}/metadata?__mock_error=403`, AUTH],
  ['GET', '/v2.1/images', { ...AUTH, 'x-mock-error': 'network' }],
  ['POST', '/__mock/scenario', JSON_TYPE, '{"name": "read-only"}'],
  ['GET', '/__mock/scenario'],
  ['DELETE', `/v2.1/images/${IMAGE}`, AUTH],
  ['GET', '/__mock/requests'],
  ['POST', '/__mock/reset'],
  ['GET', `/v2.1/images/${OTHER}`, AUTH],
  ['GET', '/__mock/errors'],
];

const HEADERS_THAT_MATTER = [
  'content-type',
  'openstack-api-version',
  'x-openstack-nova-api-version',
  'vary',
  'retry-after',
  'www-authenticate',
];

interface Reply {
  status: number;
  statusText?: string;
  headers: Record<string, string>;
  text: string;
}

/** What must be equal across runtimes; request ids are compared by shape, they are fresh by design. */
function comparable(reply: Reply) {
  const requestId = reply.headers['x-openstack-request-id'] ?? null;
  return {
    status: reply.status,
    headers: Object.fromEntries(HEADERS_THAT_MATTER.map((name) => [name, reply.headers[name] ?? null])),
    requestId: requestId === null ? null : /^req-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/.test(requestId),
    sameIdTwice: requestId === (reply.headers['x-compute-request-id'] ?? null),
    subjectToken: /^gAAAAA[\w-]+$/.test(reply.headers['x-subject-token'] ?? '') || null,
    // Token times, audit ids, journal times and the random seed differ by design; the rest must match.
    body: reply.text
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z/g, '<time>')
      .replace(/"audit_ids":\["[\w-]+"\]/g, '"audit_ids":["<audit>"]')
      .replace(/"seed":\d+/g, '"seed":"<random>"'),
  };
}

function initOf([method, , headers = {}, body]: Row, token: string): RequestInit {
  const withToken = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, value === TOKEN ? token : value]),
  );
  // Both fetches would send `Accept: */*` by default; say it, so both runtimes see the same.
  return { method, headers: { accept: '*/*', ...withToken }, body };
}

/** Runs the table in order; the first row's `X-Subject-Token` is the `{token}` of the others. */
async function runTable(send: (row: Row, init: RequestInit) => Promise<Reply>): Promise<Reply[]> {
  const replies: Reply[] = [];
  let token = '';
  for (const row of TABLE) {
    const reply = await send(row, initOf(row, token));
    token ||= reply.headers['x-subject-token'] ?? '';
    replies.push(reply);
  }
  return replies;
}

async function inBrowser(page: Page, origin: string, row: Row, init: RequestInit): Promise<Reply> {
  return page.evaluate(
    async ({ url, init }) => {
      let response: Response;
      try {
        response = await fetch(url, init);
      } catch {
        return { status: 0, headers: {}, text: 'the connection dropped' };
      }
      return {
        status: response.status,
        statusText: response.statusText,
        headers: Object.fromEntries(response.headers),
        text: await response.text(),
      };
    },
    { url: `${origin}${row[1]}`, init: init as Record<string, unknown> },
  );
}

async function inNode(origin: string, row: Row, init: RequestInit): Promise<Reply> {
  let response: Response;
  try {
    response = await fetch(`${origin}${row[1]}`, init);
  } catch {
    return { status: 0, headers: {}, text: 'the connection dropped' };
  }
  const reply = {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    text: await response.text(),
  };
  const isJson = (reply.headers['content-type'] ?? '').includes('json');
  // Nova's answers are checked against Nova's schemas; Keystone's and keystonemiddleware's are not Nova's.
  if (!row[1].startsWith('/v2') || reply.status === 401) return reply;
  checkReply(row[0], `${origin}${row[1]}`, {
    ...reply,
    headers: response.headers,
    json: isJson && reply.text ? JSON.parse(reply.text) : undefined,
  });
  return reply;
}

const MISSING_CHROMIUM = skipWithout(`Chromium at ${CHROMIUM}`, hasChromium);

describe.skipIf(MISSING_CHROMIUM)(
  'the browser worker and setupServer answer a table of requests identically',
  () => {
    const mockPage = useMockPage();

    it('gives the same status, headers and bodies', async () => {
      const { page, origin } = mockPage;
      const fromBrowser = await runTable((row, init) => inBrowser(page, origin, row, init));

      // The demo's mock: token auth over the api-samples data.
      const mock = createNovaImagesMock({ dataset: 'api-samples', baseUrl: origin, auth: 'token' });
      mock.listen({ onUnhandledRequest: 'bypass' });
      let fromNode: Reply[];
      try {
        fromNode = await runTable((row, init) => inNode(origin, row, init));
      } finally {
        mock.close();
      }
      for (const [index, row] of TABLE.entries()) {
        expect(comparable(fromBrowser[index] as Reply), `${row[0]} ${row[1]}`).toEqual(
          comparable(fromNode[index] as Reply),
        );
      }
      // The worker's status line is the standalone server's: Nova's phrases (REASON_PHRASES).
      for (const [index, reply] of fromBrowser.entries()) {
        if (reply.status === 0) continue;
        expect(reply.statusText, `${TABLE[index]?.[0]} ${TABLE[index]?.[1]}`).toBe(
          REASON_PHRASES[reply.status],
        );
      }
      // The table covers successes and every kind of failure.
      expect(fromNode.map((reply) => reply.status)).toEqual([
        // Keystone, version documents, keystonemiddleware
        201, 200, 300, 400, 200, 200, 200, 401, 401,
        // Nova reads, validation, microversions, routing
        200, 200, 200, 200, 200, 200, 200, 404, 400, 400, 200, 404, 406, 400, 415, 404, 404, 404, 400,
        // metadata and delete
        200, 200, 404, 200, 400, 400, 413, 200, 400, 200, 204, 404, 200, 200, 204, 404, 404,
        // Glance v2
        200, 401, 200, 200, 404, 405, 200,
        // injection: control plane, rules firing, one-off, scenario, journal, reset
        201, 201, 400, 200, 413, 200, 503, 204, 404, 403, 0, 200, 200, 403, 200, 204, 200, 200,
      ]);
    });
  },
);
