// The same table of requests through setupServer (in-process) and `serve` (HTTP) gives the same
// status, headers that matter and body: both run the one handler set.
import { describe, expect, it } from 'vitest';
import { createNovaImagesMock } from '../mocks/node.ts';
import { type NovaReply, novaFetch } from './support/client.ts';
import { SAMPLE_GLANCE_URL, SAMPLE_PROJECT, SAMPLE_PUBLIC_URL } from './support/mock.ts';
import { useServe } from './support/serve-process.ts';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const OTHER = '155d900f-4e14-4e4c-a73d-069cbf4541e6';
const JSON_TYPE = { 'content-type': 'application/json' };
const GLANCE_IMAGE = '30000000-0000-4000-8000-000000000001';
const GLANCE_PATCH = { 'content-type': 'application/openstack-images-v2.1-json-patch' };

/** [method, path, headers, body]: run in order, so writes are seen by later reads. */
const TABLE: [string, string, Record<string, string>?, string?][] = [
  ['GET', '/'],
  ['GET', '/v2.1'],
  ['GET', '/v2/'],
  ['GET', '/elsewhere'],
  ['GET', '/v2.1/images'],
  ['GET', `/v2.1/${SAMPLE_PROJECT}/images/detail?limit=3&status=ACTIVE`],
  ['GET', `/v2.1/images/${IMAGE}`],
  ['GET', '/v2.1/images/nope'],
  ['GET', '/v2.1/images?limit=0'],
  ['GET', '/v2.1/images?marker=nope'],
  ['GET', '/v2.1/images', { 'openstack-api-version': 'compute 2.36' }],
  ['GET', '/v2.1/images', { 'openstack-api-version': 'compute 3.0' }],
  ['GET', '/v2.1/images', { 'x-openstack-nova-api-version': '2.1.3' }],
  ['GET', '/v2.1/images', { 'content-type': 'application/xml' }],
  ['POST', '/v2.1/images', { accept: 'application/json' }],
  ['PATCH', `/v2.1/images/${IMAGE}`],
  ['GET', '/v2.1/abc/images'],
  ['GET', `/v2.1/images/${IMAGE}/metadata`],
  ['POST', `/v2.1/images/${IMAGE}/metadata`, JSON_TYPE, '{"metadata": {"Label": "x", "__proto__": "p"}}'],
  ['POST', `/v2.1/images/${IMAGE}/metadata`, JSON_TYPE, '{"metadata": '],
  ['POST', `/v2.1/images/${IMAGE}/metadata`, JSON_TYPE, `{"metadata": {}, "pad": "${'x'.repeat(114_700)}"}`],
  ['PUT', `/v2.1/images/${IMAGE}/metadata/Label`, JSON_TYPE, '{"meta": {"Label": "y"}}'],
  ['PUT', `/v2.1/images/${IMAGE}/metadata/Label`, JSON_TYPE, '{"meta": {"other": "y"}}'],
  ['GET', `/v2.1/images/${IMAGE}/metadata/__proto__`],
  ['DELETE', `/v2.1/images/${IMAGE}/metadata/Label`],
  ['DELETE', `/v2.1/images/${IMAGE}/metadata/Label`],
  ['PUT', `/v2/images/${IMAGE}/metadata`, JSON_TYPE, '{"metadata": {"only": "one"}, "extra": 1}'],
  ['DELETE', `/v2.1/images/${OTHER}`],
  ['GET', `/v2.1/images/${OTHER}`],
  ['GET', '/v2.1/images/detail'],
  // Glance v2 on the same images.
  ['GET', '/image'],
  ['GET', '/image/versions'],
  ['GET', '/image/v2/images?limit=2&sort=name:asc'],
  ['GET', `/image/v2/images/${IMAGE}`, { accept: 'application/json' }],
  [
    'POST',
    '/image/v2/images',
    JSON_TYPE,
    `{"id": "${GLANCE_IMAGE}", "name": "parity", "disk_format": "raw"}`,
  ],
  [
    'PUT',
    `/image/v2/images/${GLANCE_IMAGE}/file`,
    { 'content-type': 'application/octet-stream' },
    'parity bytes',
  ],
  ['GET', `/image/v2/images/${GLANCE_IMAGE}/file`],
  [
    'PATCH',
    `/image/v2/images/${GLANCE_IMAGE}`,
    GLANCE_PATCH,
    '[{"op": "add", "path": "/os_distro", "value": "x"}]',
  ],
  ['GET', `/v2.1/images/${GLANCE_IMAGE}`],
  ['GET', '/image/v2/images?visibility=everyone', { accept: 'application/json' }],
  ['PUT', '/image/v2/images'],
  ['GET', '/image/v2/schemas/member'],
];

const HEADERS_THAT_MATTER = [
  'content-type',
  'openstack-api-version',
  'x-openstack-nova-api-version',
  'vary',
  'location',
  'allow',
  'content-md5',
];

/** What must be equal across runtimes; request ids are compared by shape, they are fresh by design. */
function comparable(reply: NovaReply) {
  const headers = Object.fromEntries(HEADERS_THAT_MATTER.map((name) => [name, reply.headers.get(name)]));
  const requestId = reply.headers.get('x-openstack-request-id');
  return {
    status: reply.status,
    headers,
    requestId: requestId === null ? null : /^req-[0-9a-f-]{36}$/.test(requestId),
    sameIdTwice: requestId === reply.headers.get('x-compute-request-id'),
    // Metadata writes stamp `updated` from the system clock, and the two runs need not share a second.
    body: reply.text
      .replace(/req-[0-9a-f-]{36}/g, 'req-*')
      .replace(/"(updated|created)":"20[2-9][^"]*"/g, '"$1":"*"')
      .replace(/"(updated_at|created_at)": "20[2-9][^"]*"/g, '"$1": "*"'),
  };
}

async function runTable(baseUrl: string) {
  const results = [];
  for (const [method, path, headers, body] of TABLE) {
    // fetch over the network adds `Accept: */*` when none is set; in-process it does not.
    const init = { method, headers: { accept: '*/*', ...headers }, body };
    results.push(comparable(await novaFetch(`${baseUrl}${path}`, init)));
  }
  return results;
}

describe('setupServer and serve answer a table of requests identically', () => {
  const served = useServe(['--public-url', SAMPLE_PUBLIC_URL, '--glance-url', SAMPLE_GLANCE_URL]);

  it('gives the same status, headers and bodies', async () => {
    const mock = createNovaImagesMock({ publicUrl: SAMPLE_PUBLIC_URL, glanceUrl: SAMPLE_GLANCE_URL });
    mock.listen({ onUnhandledRequest: 'bypass' });
    const inProcess = await runTable(mock.baseUrl);
    mock.close();
    const overHttp = await runTable(served.url);
    expect(overHttp).toHaveLength(TABLE.length);
    for (const [index, row] of TABLE.entries()) {
      expect(overHttp[index], `${row[0]} ${row[1]}`).toEqual(inProcess[index]);
    }
    expect(inProcess.map((reply) => reply.status)).toEqual([
      200, 200, 200, 300, 200, 200, 200, 404, 400, 400, 404, 406, 400, 415, 404, 404, 400, 200, 200, 400, 413,
      200, 400, 200, 204, 404, 200, 204, 404, 200, 300, 200, 200, 200, 201, 204, 200, 200, 200, 400, 405, 200,
    ]);
  });
});
