// The same table of requests through the browser runtime (msw's service worker, in Debian's
// Chromium, on the demo page's origin) and the Node runtime (setupServer) gives the same status,
// headers that matter and body: both run the one handler set over the same dataset. The root and
// unknown paths are left out: in the browser they belong to the page (unknownPaths 'passthrough').
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNovaImagesMock } from '../mocks/node.ts';
import { type DemoServer, hasChromium, launchChromium, newPage, startDemo } from './e2e/browser.ts';
import { checkReply } from './support/client.ts';

const PROJECT = '6f70656e737461636b20342065766572';
const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const OTHER = '155d900f-4e14-4e4c-a73d-069cbf4541e6';
const JSON_TYPE = { 'content-type': 'application/json' };

type Row = [method: string, path: string, headers?: Record<string, string>, body?: string];

/** Run in order, so writes are seen by later reads; no read after a write shows a timestamp. */
const TABLE: Row[] = [
  ['GET', '/v2.1'],
  ['GET', '/v2.1/'],
  ['GET', '/v2/'],
  ['GET', '/v2.1/images'],
  ['GET', '/v2.1/images/detail?limit=2'],
  ['GET', `/v2.1/images/detail?limit=2&marker=${IMAGE}`],
  ['GET', `/v2.1/${PROJECT}/images/detail?limit=3&status=ACTIVE`],
  ['GET', '/v2.1/images/detail?name=fakeimage7&server=nope&type=snapshot'],
  ['GET', `/v2.1/images/${IMAGE}`],
  ['GET', `/v2.1/images/${IMAGE}`, { accept: 'application/vnd.openstack.compute+json' }],
  ['GET', '/v2.1/images/nope'],
  ['GET', '/v2.1/images?limit=0'],
  ['GET', '/v2.1/images?marker=nope'],
  ['GET', '/v2.1/images', { 'openstack-api-version': 'compute 2.35' }],
  ['GET', '/v2.1/images', { 'openstack-api-version': 'compute 2.36' }],
  ['GET', '/v2.1/images', { 'openstack-api-version': 'compute 3.0' }],
  ['GET', '/v2.1/images', { 'x-openstack-nova-api-version': '2.1.3' }],
  ['GET', '/v2.1/images', { 'content-type': 'application/xml' }],
  ['POST', '/v2.1/images', { accept: 'application/json' }],
  ['PATCH', `/v2.1/images/${IMAGE}`],
  ['GET', '/v2.1/servers'],
  ['GET', '/v2.1/abc/images'],
  ['GET', `/v2.1/images/${IMAGE}/metadata`],
  ['GET', `/v2.1/images/${IMAGE}/metadata/kernel_id`],
  ['GET', `/v2.1/images/${IMAGE}/metadata/missing`],
  ['POST', `/v2.1/images/${IMAGE}/metadata`, JSON_TYPE, '{"metadata": {"Label": "x", "__proto__": "p"}}'],
  ['POST', `/v2.1/images/${IMAGE}/metadata`, JSON_TYPE, '{"metadata": '],
  ['POST', `/v2.1/images/${IMAGE}/metadata`, JSON_TYPE, '{"metadata": {"k": 1}}'],
  ['POST', `/v2.1/images/${IMAGE}/metadata`, JSON_TYPE, `{"metadata": {}, "pad": "${'x'.repeat(114_700)}"}`],
  ['PUT', `/v2.1/images/${IMAGE}/metadata/Label`, JSON_TYPE, '{"meta": {"Label": "y"}}'],
  ['PUT', `/v2.1/images/${IMAGE}/metadata/Label`, JSON_TYPE, '{"meta": {"other": "y"}}'],
  ['GET', `/v2.1/images/${IMAGE}/metadata/__proto__`],
  ['DELETE', `/v2.1/images/${IMAGE}/metadata/Label`],
  ['DELETE', `/v2.1/images/${IMAGE}/metadata/Label`],
  ['PUT', `/v2/images/${IMAGE}/metadata`, JSON_TYPE, '{"metadata": {"only": "one"}, "extra": 1}'],
  ['GET', `/v2.1/images/${IMAGE}/metadata`],
  ['DELETE', `/v2.1/images/${OTHER}`],
  ['GET', `/v2.1/images/${OTHER}`],
  ['DELETE', `/v2.1/images/${OTHER}`],
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
    body: reply.text,
  };
}

function initOf([method, , headers, body]: Row): RequestInit {
  // Both fetches would send `Accept: */*` by default; say it, so both runtimes see the same.
  return { method, headers: { accept: '*/*', ...headers }, body };
}

async function inBrowser(page: Page, origin: string, row: Row): Promise<Reply> {
  return page.evaluate(
    async ({ url, init }) => {
      const response = await fetch(url, init);
      return {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        text: await response.text(),
      };
    },
    { url: `${origin}${row[1]}`, init: initOf(row) as Record<string, unknown> },
  );
}

async function inNode(origin: string, row: Row): Promise<Reply> {
  const response = await fetch(`${origin}${row[1]}`, initOf(row));
  const reply = {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    text: await response.text(),
  };
  const isJson = (reply.headers['content-type'] ?? '').includes('json');
  checkReply(row[0], `${origin}${row[1]}`, {
    ...reply,
    headers: response.headers,
    json: isJson && reply.text ? JSON.parse(reply.text) : undefined,
  });
  return reply;
}

describe.skipIf(!hasChromium)(
  'the browser worker and setupServer answer a table of requests identically',
  () => {
    let demo: DemoServer;
    let browser: Browser;
    let page: Page;
    let origin: string;

    beforeAll(async () => {
      [demo, browser] = await Promise.all([startDemo(), launchChromium()]);
      origin = new URL(demo.url).origin;
      ({ page } = await newPage(browser));
      // The demo page, on its login form (it makes no API call there), with the api-samples data.
      await page.goto(`${demo.url}?dataset=api-samples#/login`);
      await page.waitForFunction(() => window.novaImagesMock !== undefined);
    });

    afterAll(async () => {
      await browser?.close();
      await demo?.close();
    });

    it('gives the same status, headers and bodies', async () => {
      const fromBrowser: Reply[] = [];
      for (const row of TABLE) fromBrowser.push(await inBrowser(page, origin, row));

      const mock = createNovaImagesMock({ dataset: 'api-samples', baseUrl: origin });
      mock.listen({ onUnhandledRequest: 'bypass' });
      const fromNode: Reply[] = [];
      try {
        for (const row of TABLE) fromNode.push(await inNode(origin, row));
      } finally {
        mock.close();
      }

      for (const [index, row] of TABLE.entries()) {
        expect(comparable(fromBrowser[index] as Reply), `${row[0]} ${row[1]}`).toEqual(
          comparable(fromNode[index] as Reply),
        );
      }
      // The table covers successes and every kind of failure.
      expect(fromNode.map((reply) => reply.status)).toEqual([
        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 400, 400, 200, 404, 406, 400, 415, 404, 404,
        404, 400, 200, 200, 404, 200, 400, 400, 413, 200, 400, 200, 204, 404, 200, 200, 204, 404, 404,
      ]);
    });
  },
);
