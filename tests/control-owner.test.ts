// The control plane and Keystone of the standalone server belong to the developer: a web page on
// another origin, or reaching the server through a rebinding DNS name, cannot change the mock's
// state — not even with a simple `text/plain` POST, which needs no preflight. Clients that are not
// browsers (no Origin) and the trusted origins are unaffected; Nova's own API stays open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../mocks/handlers.ts';
import { listen, type RunningServer } from '../mocks/http.ts';
import { rawRequest } from './support/raw-http.ts';
import { startServe } from './support/serve-process.ts';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const EVIL = 'http://evil.example';
const RULE = '{"rule": "images.show=404"}';
const LOGIN = JSON.stringify({
  auth: { identity: { methods: ['password'], password: { user: { name: 'alice', password: 'x' } } } },
});

describe('default CORS (any origin may read the API)', () => {
  const app = createApp();
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen(app, { port: 0 });
  });
  afterAll(() => server.close());

  it('refuses state-changing control calls from a foreign page, simple requests included', async () => {
    app.errors.add({ status: 503, endpoint: 'images.list' });
    for (const [method, path, body] of [
      ['POST', '/__mock/errors', RULE],
      ['DELETE', '/__mock/errors', undefined],
      ['POST', '/__mock/reset', undefined],
      ['POST', '/__mock/scenario', '{"name": "flaky"}'],
      ['DELETE', '/__mock/requests', undefined],
    ] as const) {
      const reply = await rawRequest(server.url, method, path, {
        headers: { origin: EVIL, 'content-type': 'text/plain' },
        body,
      });
      expect(reply.status).toBe(403);
      expect(reply.json).toEqual({
        error: {
          code: 403,
          message: `a page on ${EVIL} may not change this mock; start it with --cors-origin ${EVIL} to allow it`,
        },
      });
    }
    expect(app.errors.list().map((rule) => rule.status)).toEqual([503]);
    expect(app.errors.scenario).toBeNull();
  });

  it('refuses the preflight of such a call, and an opaque origin (null)', async () => {
    const preflight = await rawRequest(server.url, 'OPTIONS', '/__mock/errors', {
      headers: { origin: EVIL, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    const sandboxed = await rawRequest(server.url, 'POST', '/__mock/reset', { headers: { origin: 'null' } });
    expect(sandboxed.status).toBe(403);
  });

  it('refuses a Keystone log-in from a foreign page, in Keystone’s error shape', async () => {
    const before = app.identity.issuedTokens().length;
    const login = await rawRequest(server.url, 'POST', '/identity/v3/auth/tokens', {
      headers: { origin: EVIL, 'content-type': 'text/plain' },
      body: LOGIN,
    });
    expect(login.status).toBe(403);
    expect(login.json).toMatchObject({ error: { code: 403, title: 'Forbidden' } });
    expect(app.identity.issuedTokens()).toHaveLength(before);
  });

  it('serves clients without an Origin (curl, SDKs) and pages on the server’s own origin', async () => {
    const curl = await rawRequest(server.url, 'POST', '/__mock/errors', { body: RULE });
    expect(curl.status).toBe(201);
    const host = new URL(server.url).host;
    const own = await rawRequest(server.url, 'DELETE', '/__mock/errors', {
      headers: { origin: `http://${host}` },
    });
    expect(own.status).toBe(204);
    const login = await rawRequest(server.url, 'POST', '/identity/v3/auth/tokens', { body: LOGIN });
    expect(login.status).toBe(201);
  });

  it('leaves reads and Nova’s API open to any origin, as Nova’s CORS does', async () => {
    const rules = await rawRequest(server.url, 'GET', '/__mock/errors', { headers: { origin: EVIL } });
    expect(rules.status).toBe(200);
    const images = await rawRequest(server.url, 'GET', `/v2.1/images/${IMAGE}`, {
      headers: { origin: EVIL },
    });
    expect(images.status).toBe(200);
    expect(images.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('refuses writes addressed to a foreign host name (DNS rebinding), even same-origin', async () => {
    const rebound = 'rebind.example:8774';
    const reply = await rawRequest(server.url, 'POST', '/__mock/reset', {
      headers: { host: rebound, origin: `http://${rebound}` },
    });
    expect(reply.status).toBe(403);
    expect(reply.json).toEqual({
      error: {
        code: 403,
        message:
          "Host 'rebind.example:8774' is not this server's name; start it with --allowed-host rebind.example to answer to it",
      },
    });
    for (const host of ['localhost:8774', 'app.localhost', '127.0.0.1', '[::1]:9']) {
      expect((await rawRequest(server.url, 'DELETE', '/__mock/requests', { headers: { host } })).status).toBe(
        204,
      );
    }
  });
});

describe('trusted origins and allowed hosts', () => {
  const app = createApp();
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen(app, {
      port: 0,
      cors: { origins: ['http://allowed.example'] },
      allowedHosts: ['devbox'],
    });
  });
  afterAll(() => server.close());

  it('lets the --cors-origin pages and the --allowed-host names in, and no others', async () => {
    const trusted = await rawRequest(server.url, 'POST', '/__mock/errors', {
      headers: { origin: 'http://allowed.example', 'content-type': 'text/plain' },
      body: RULE,
    });
    expect(trusted.status).toBe(201);
    const other = await rawRequest(server.url, 'POST', '/__mock/reset', { headers: { origin: EVIL } });
    expect(other.status).toBe(403);
    expect(app.errors.list()).toHaveLength(1);
    const named = await rawRequest(server.url, 'POST', '/__mock/reset', { headers: { host: 'DevBox:8774' } });
    expect(named.status).toBe(204);
  });
});

describe('serve --allowed-host', () => {
  it('accepts the named hosts, the --public-url host, and any host with *', async () => {
    const served = await startServe([
      '--allowed-host',
      'devbox',
      '--public-url',
      'http://cloud.example:8774',
    ]);
    try {
      for (const host of ['devbox:1', 'cloud.example']) {
        expect((await rawRequest(served.url, 'POST', '/__mock/reset', { headers: { host } })).status).toBe(
          204,
        );
      }
      expect(
        (await rawRequest(served.url, 'POST', '/__mock/reset', { headers: { host: 'rebind.example' } }))
          .status,
      ).toBe(403);
    } finally {
      await served.stop();
    }
    const open = await startServe(['--allowed-host', '*']);
    try {
      expect(
        (await rawRequest(open.url, 'POST', '/__mock/reset', { headers: { host: 'rebind.example' } })).status,
      ).toBe(204);
    } finally {
      await open.stop();
    }
  }, 60_000);
});
