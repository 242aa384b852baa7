// The standalone server: --error / --scenario / --latency / --auth flags, a dropped connection
// for `network`, and CORS for browser apps on other origins.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../mocks/handlers.ts';
import { listen, type RunningServer } from '../mocks/http.ts';
import { checkedFetch, jsonBody, novaFetch } from './support/client.ts';
import { runCli, useServe } from './support/serve-process.ts';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

describe('serve with error flags', () => {
  const served = useServe([
    '--error',
    'images.show=404x1',
    '--error',
    'images.delete=network',
    '--scenario',
    'metadata-quota',
    '--latency',
    '5-10',
    '--error-seed',
    '1',
  ]);

  it('applies --error rules, the scenario and the latency; network drops the connection', async () => {
    await vi.waitFor(() => expect(served.output()).toContain('scenario metadata-quota, 3 error rule(s)'));
    expect((await novaFetch(`${served.url}/v2.1/images/${IMAGE}`)).status).toBe(404);
    expect((await novaFetch(`${served.url}/v2.1/images/${IMAGE}`)).status).toBe(200);
    await expect(checkedFetch(`${served.url}/v2.1/images/${IMAGE}`, { method: 'DELETE' })).rejects.toThrow();
    const post = await novaFetch(
      `${served.url}/v2.1/images/${IMAGE}/metadata`,
      jsonBody('POST', { metadata: {} }),
    );
    expect(post.status).toBe(413);
    const journal = (await (await checkedFetch(`${served.url}/__mock/requests`)).json()) as {
      requests: { status: number; delayMs?: number }[];
    };
    expect(journal.requests.map((entry) => entry.status)).toEqual([404, 200, 0, 413]);
    for (const entry of journal.requests) expect(entry.delayMs).toBeGreaterThanOrEqual(5);
  });

  it('refuses bad rules, scenarios, latencies and auth modes with exit 2; --help documents the flags', () => {
    for (const [flags, message] of [
      [['--error', 'images.show=418'], /--error images.show=418: status must be one of/],
      [['--scenario', 'doom'], /unknown scenario 'doom'/],
      [['--latency', '9-1'], /--latency must be MS or MIN-MAX/],
      [['--auth', 'kerberos'], /--auth must be none or token/],
      [['--users', '/nonexistent/users.json'], /--users \/nonexistent\/users.json/],
    ] as const) {
      const result = runCli(['serve', ...flags]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    const help = runCli(['serve', '--help']).stdout;
    for (const flag of [
      '--auth',
      '--token-ttl',
      '--users',
      '--error',
      '--scenario',
      '--latency',
      '--cors-origin',
    ]) {
      expect(help).toContain(flag);
    }
  }, 60_000);
});

describe('CORS on the standalone server', () => {
  let open: RunningServer;
  let listed: RunningServer;
  beforeAll(async () => {
    open = await listen(createApp({ auth: 'token' }), { port: 0 });
    listed = await listen(createApp(), {
      port: 0,
      cors: { origins: ['http://localhost:5173'], credentials: true },
    });
  });
  afterAll(async () => {
    await open.close();
    await listed.close();
  });

  it('answers preflights for any origin by default, allowing X-Auth-Token and X-Mock-Error', async () => {
    const response = await checkedFetch(`${open.url}/v2.1/images/${IMAGE}/metadata`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type, x-auth-token, x-mock-error, x-custom',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('PUT');
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const name of [
      'x-auth-token',
      'x-mock-error',
      'content-type',
      'openstack-api-version',
      'x-custom',
    ]) {
      expect(allowed).toContain(name);
    }
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('exposes X-Subject-Token, request ids and version headers on ordinary answers, 401s included', async () => {
    const login = await checkedFetch(`${open.url}/identity/v3/auth/tokens`, {
      ...jsonBody('POST', {
        auth: { identity: { methods: ['password'], password: { user: { name: 'a', password: 'b' } } } },
      }),
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
    });
    expect(login.headers.get('access-control-allow-origin')).toBe('*');
    const exposed = (login.headers.get('access-control-expose-headers') ?? '').toLowerCase();
    for (const name of [
      'x-subject-token',
      'x-openstack-request-id',
      'openstack-api-version',
      'retry-after',
    ]) {
      expect(exposed).toContain(name);
    }
    const denied = await checkedFetch(`${open.url}/v2.1/images`, {
      headers: { origin: 'http://localhost:3000' },
    });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('with a list of origins, echoes an allowed origin (with credentials) and ignores others', async () => {
    const allowed = await checkedFetch(`${listed.url}/v2.1/images`, {
      headers: { origin: 'http://localhost:5173' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(allowed.headers.get('vary')).toContain('Origin');
    const other = await checkedFetch(`${listed.url}/v2.1/images`, {
      headers: { origin: 'http://evil.example' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await checkedFetch(`${listed.url}/v2.1/images`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(403);
  });
});
