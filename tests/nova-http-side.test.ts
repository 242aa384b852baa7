// How Nova's HTTP side reads a request before any controller runs (issue #10, the HTTP side),
// in the default master profile and in Zed's: routing by `_method`, form and non-UTF-8 bodies,
// the BOM, query strings as WebOb splits and decodes them, the version documents as Resources,
// deleted images for admins, and eventlet's answer to a request line it cannot parse. The Zed
// answers are also compared byte for byte with the real Nova in tests/conformance (corpus http).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../mocks/handlers.ts';
import { listen, type RunningServer } from '../mocks/http.ts';
import { jsonBody, novaFetch } from './support/client.ts';
import { rawRequest, socketExchange } from './support/raw-http.ts';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const METADATA = `/v2.1/images/${IMAGE}/metadata`;
const SERVER_ERRED = {
  computeFault: {
    code: 500,
    message: 'The server has either erred or is incapable of performing the requested operation.',
  },
};

describe.each(['master', 'zed'] as const)('the HTTP side (%s)', (novaRelease) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen(createApp({ dataset: 'api-samples-foreign', novaRelease }), { port: 0 });
  });
  afterAll(() => server.close());

  it('routes by a `_method` in the query: a GET deletes (routes middleware, method override)', async () => {
    const app = await listen(createApp({ novaRelease }), { port: 0 });
    try {
      expect((await rawRequest(app.url, 'GET', `/v2.1/images/${IMAGE}?_method=DELETE`)).status).toBe(204);
      expect((await novaFetch(`${app.url}/v2.1/images/${IMAGE}`)).status).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('calls a create without a body (KeyError) and a read with one (TypeError) as 500s', async () => {
    const withoutBody = await rawRequest(server.url, 'GET', `${METADATA}?_method=POST`);
    expect(withoutBody.status).toBe(500);
    expect((withoutBody.json as { computeFault: { message: string } }).computeFault.message).toMatch(
      /^Unexpected API Error\. .+\n<class 'KeyError'>$/,
    );
    const withBody = await novaFetch(
      `${server.url}${METADATA}/a?_method=GET`,
      jsonBody('PUT', { meta: { a: 'b' } }),
    );
    expect(withBody.status).toBe(500);
    expect((withBody.json as { computeFault: { message: string } }).computeFault.message).toMatch(
      /\n<class 'TypeError'>$/,
    );
  });

  it('answers a POSTed form it cannot read with a bare 500 before the version is read', async () => {
    for (const contentType of [
      'multipart/form-data',
      'multipart/form-data; boundary=""',
      'application/x-www-form-urlencoded; charset=latin-1',
    ]) {
      const reply = await rawRequest(server.url, 'POST', METADATA, {
        headers: { 'Content-Type': contentType },
        body: '{"metadata": {"a": "b"}}',
      });
      expect(reply.status).toBe(500);
      expect(reply.json).toEqual(SERVER_ERRED);
      expect(reply.headers.get('openstack-api-version')).toBeNull();
      expect(reply.headers.get('x-compute-request-id')).toMatch(/^req-/);
    }
    // A form with a valid boundary is read (and has no fields): then the Content-Type's 415.
    const readable = await rawRequest(server.url, 'POST', METADATA, {
      headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' },
      body: '{}',
    });
    expect(readable.status).toBe(415);
  });

  it('refuses a UTF-8 BOM as malformed JSON and answers a body that is no UTF-8 with a 500', async () => {
    const bom = await rawRequest(server.url, 'POST', METADATA, {
      headers: { 'Content-Type': 'application/json' },
      body: Buffer.from('\ufeff{"metadata": {"a": "b"}}'),
    });
    expect(bom.status).toBe(400);
    expect(bom.json).toEqual({ badRequest: { code: 400, message: 'Malformed request body' } });
    for (const [method, path] of [
      ['POST', METADATA],
      ['DELETE', `${METADATA}/a`],
    ] as const) {
      const body = Buffer.from('7b226d65746164617461223a7b2261223a22ff227d7d', 'hex');
      const reply = await rawRequest(server.url, method, path, {
        // node frames a DELETE's body only when told its length.
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': body.byteLength,
          'X-OpenStack-Nova-API-Version': '2.5',
        },
        body,
      });
      expect(reply.status).toBe(500);
      expect(reply.json).toEqual(SERVER_ERRED);
      expect(reply.headers.get('openstack-api-version')).toBe('compute 2.5');
    }
    expect((await novaFetch(`${server.url}${METADATA}`)).json).not.toHaveProperty('metadata.a');
  });

  it("reads a GET's body as WebOb does: one that is no UTF-8 is the 500, any other is ignored", async () => {
    const get = (body: Buffer) =>
      rawRequest(server.url, 'GET', `/v2.1/images/${IMAGE}`, {
        headers: { 'Content-Length': body.byteLength },
        body,
      });
    const invalid = await get(Buffer.from([0xff]));
    expect(invalid.status).toBe(500);
    expect(invalid.json).toEqual(SERVER_ERRED);
    expect((await get(Buffer.from('{}'))).status).toBe(200);
  });

  it('checks the version documents like any Resource: Content-Type, UTF-8, JSON', async () => {
    const malformed = await rawRequest(server.url, 'POST', '/v2.1', { body: '{' });
    expect(malformed.json).toEqual({ badRequest: { code: 400, message: 'Malformed request body' } });
    const xml = await rawRequest(server.url, 'GET', '/', { headers: { 'Content-Type': 'application/xml' } });
    expect(xml.status).toBe(415);
    expect(xml.headers.get('x-compute-request-id')).toBeNull();
    expect((await rawRequest(server.url, 'POST', '/xyz', { body: Buffer.from([0xff]) })).json).toEqual(
      SERVER_ERRED,
    );
    expect((await rawRequest(server.url, 'POST', '/v2.1', { body: '[1]' })).status).toBe(200);
  });

  it('splits the query at `;` too', async () => {
    const reply = await novaFetch(`${server.url}/v2.1/images?limit=1;marker=nope`);
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      badRequest: { code: 400, message: 'HTTP 400 Bad Request: No image found with ID nope' },
    });
  });

  it('refuses a query that is no UTF-8 on the images list', async () => {
    const reply = await rawRequest(server.url, 'GET', '/v2.1/images?name=%ff');
    if (novaRelease === 'master') {
      expect(reply.status).toBe(400);
      expect(reply.json).toEqual({ badRequest: { code: 400, message: 'Query string is not UTF-8 encoded' } });
    } else {
      expect(reply.status).toBe(500);
      expect(reply.json).toEqual({
        computeFault: {
          code: 500,
          message:
            "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.\n<class 'UnicodeDecodeError'>",
        },
      });
    }
  });

  it('answers raw bytes in the request target as Nova does, and a request line it cannot parse as Python does', async () => {
    const { answer: raw } = await socketExchange(
      server.url,
      'GET /v2.1/images/\xe9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(raw).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    expect(raw).toContain('{"itemNotFound":{"code":404,"message":"Image not found."}}');
    const { answer: spaced } = await socketExchange(
      server.url,
      'GET /v2.1/images?name=a b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      { unchecked: "Python's http.server answers a request line it cannot parse with its HTML page" },
    );
    expect(spaced).toMatch(
      /^HTTP\/1\.1 400 Bad request syntax \('GET \/v2\.1\/images\?name=a b HTTP\/1\.1'\)\r\n/,
    );
    expect(spaced).toContain(
      '<p>Error code explanation: 400 - Bad request syntax or unsupported method.</p>',
    );
  });

  it('hides a deleted image from admins too', async () => {
    const app = await listen(createApp({ novaRelease, auth: 'token' }), { port: 0 });
    try {
      const login = await fetch(`${app.url}/identity/v3/auth/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          auth: {
            identity: {
              methods: ['password'],
              password: { user: { name: 'admin', password: 'x', domain: { id: 'default' } } },
            },
            scope: { project: { id: '6f70656e737461636b20342065766572' } },
          },
        }),
      });
      const token = login.headers.get('x-subject-token') ?? '';
      const headers = { 'X-Auth-Token': token };
      expect((await novaFetch(`${app.url}/v2.1/images/${IMAGE}`, { method: 'DELETE', headers })).status).toBe(
        204,
      );
      const reply = await novaFetch(`${app.url}/v2.1/images/${IMAGE}`, { headers });
      expect(reply.status).toBe(404);
      expect(reply.json).toEqual({ itemNotFound: { code: 404, message: 'Image not found.' } });
    } finally {
      await app.close();
    }
  });
});
