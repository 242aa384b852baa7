// Keystone v3 (identity-and-clients.md §2), auth modes (behaviour spec §6) and ownership with two
// projects (§14.1), in-process.
import { describe, expect, it } from 'vitest';
import { loadDatasetSync } from '../mocks/dataset-sync.ts';
import { projectIdFor, stableHexId } from '../mocks/identity/ids.ts';
import { parseUsers, UsersFileError } from '../mocks/identity/users.ts';
import type { ImageRecord } from '../mocks/types.ts';
import { checkedFetch, jsonBody, novaFetch } from './support/client.ts';
import { SAMPLE_PROJECT, useNovaMock } from './support/mock.ts';

const OTHER = projectIdFor('other-team', SAMPLE_PROJECT);
const PRIVATE_ID = 'cedef40a-ed67-4d10-800e-17455edce175';
const PUBLIC_ID = '70a599e0-31e7-49b7-b260-868f441e862b';
const UNAUTHORIZED = {
  error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' },
};

/** api-samples-foreign with its first image made private (still owned by the demo project). */
function twoProjectDataset(): ImageRecord[] {
  return loadDatasetSync('api-samples-foreign').map((record) =>
    record.id === PRIVATE_ID ? { ...record, visibility: 'private' } : record,
  );
}

function passwordAuth(user: string, password: string, project?: string, extra: Record<string, unknown> = {}) {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: user, domain: { name: 'Default' }, password } },
      },
      ...(project ? { scope: { project: { name: project, domain: { name: 'Default' } } } } : {}),
      ...extra,
    },
  };
}

let now = new Date('2030-01-01T00:00:00Z');
const mock = useNovaMock({
  auth: 'token',
  tokenTtlSeconds: 3600,
  clock: () => now,
  dataset: twoProjectDataset(),
  users: [
    { user: 'alice', password: 'secret', project: 'demo', roles: ['member', 'reader'] },
    { user: 'bob', password: 'hunter2', project: 'other-team' },
    { user: 'root', password: 'toor', project: 'other-team', roles: ['admin'] },
  ],
});
const base = mock.baseUrl;
const identityUrl = 'http://openstack.example.com/identity';

async function login(user: string, password: string, project?: string) {
  const response = await checkedFetch(
    `${base}/identity/v3/auth/tokens`,
    jsonBody('POST', passwordAuth(user, password, project)),
  );
  return { response, token: response.headers.get('x-subject-token') ?? '', body: await response.json() };
}

const as = (token: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), 'x-auth-token': token },
});

describe('Keystone v3 at /identity/v3', () => {
  it('serves the version document (status + self link) and the 300 versions list', async () => {
    const v3 = await checkedFetch(`${base}/identity/v3`);
    expect(v3.status).toBe(200);
    const doc = (await v3.json()) as { version: { id: string; status: string; links: unknown[] } };
    expect(doc.version).toMatchObject({
      id: 'v3.14',
      status: 'stable',
      links: [{ rel: 'self', href: `${identityUrl}/v3/` }],
    });
    const root = await checkedFetch(`${base}/identity/`);
    expect(root.status).toBe(300);
    expect(await root.json()).toEqual({ versions: { values: [doc.version] } });
  });

  it('issues a token with password auth: 201, X-Subject-Token, expiry, project, roles, catalog', async () => {
    const { response, token, body } = await login('alice', 'secret', 'demo');
    expect(response.status).toBe(201);
    expect(token).toMatch(/^gAAAAA[\w-]{40,}$/);
    const t = body.token;
    expect(t.issued_at).toBe('2030-01-01T00:00:00.000000Z');
    expect(t.expires_at).toBe('2030-01-01T01:00:00.000000Z');
    expect(t.methods).toEqual(['password']);
    expect(t.user).toMatchObject({ name: 'alice', id: stableHexId('user:alice') });
    expect(t.project).toEqual({
      id: SAMPLE_PROJECT,
      name: 'demo',
      domain: { id: 'default', name: 'Default' },
    });
    expect(t.roles.map((role: { name: string }) => role.name)).toEqual(['member', 'reader']);
    const names = t.catalog.map((service: { name: string }) => service.name);
    expect(new Set(names).size).toBe(names.length);
    const compute = t.catalog.find((service: { type: string }) => service.type === 'compute');
    for (const endpoint of compute.endpoints) {
      expect(endpoint).toMatchObject({ region: 'RegionOne', region_id: 'RegionOne' });
      expect(endpoint.url).toBe(`http://openstack.example.com/v2.1/${SAMPLE_PROJECT}`);
    }
    expect(compute.endpoints.map((endpoint: { interface: string }) => endpoint.interface).sort()).toEqual([
      'admin',
      'internal',
      'public',
    ]);
  });

  it("ignores unknown keys (pkgcloud sends auth.tenantName) and scopes to the user's project when unscoped", async () => {
    const response = await checkedFetch(
      `${base}/identity/v3/auth/tokens`,
      jsonBody('POST', passwordAuth('bob', 'hunter2', undefined, { tenantName: 'whatever' })),
    );
    expect(response.status).toBe(201);
    expect(((await response.json()) as { token: { project: unknown } }).token.project).toMatchObject({
      id: OTHER,
      name: 'other-team',
    });
  });

  it('accepts the token method (re-scoping within the users file) and validates tokens', async () => {
    const { token } = await login('alice', 'secret', 'demo');
    const again = await checkedFetch(
      `${base}/identity/v3/auth/tokens`,
      jsonBody('POST', { auth: { identity: { methods: ['token'], token: { id: token } } } }),
    );
    expect(again.status).toBe(201);
    const body = (await again.json()) as { token: { methods: string[]; project: { id: string } } };
    expect(body.token.methods).toEqual(['password', 'token']);
    expect(body.token.project.id).toBe(SAMPLE_PROJECT);
    const check = await checkedFetch(`${base}/identity/v3/auth/tokens`, {
      headers: { 'x-auth-token': token, 'x-subject-token': again.headers.get('x-subject-token') ?? '' },
    });
    expect(check.status).toBe(200);
    const unknown = await checkedFetch(
      `${base}/identity/v3/auth/tokens`,
      jsonBody('POST', { auth: { identity: { methods: ['token'], token: { id: 'nope' } } } }),
    );
    expect(unknown.status).toBe(401);
  });

  it("answers wrong credentials, unknown users and foreign projects with Keystone's 401", async () => {
    for (const [user, password, project] of [
      ['alice', 'wrong', 'demo'],
      ['mallory', 'secret', 'demo'],
      ['alice', 'secret', 'other-team'],
    ] as const) {
      const { response, body } = await login(user, password, project);
      expect(response.status).toBe(401);
      expect(body).toEqual(UNAUTHORIZED);
      expect(response.headers.get('www-authenticate')).toBe(`Keystone uri="${identityUrl}"`);
      expect(response.headers.get('x-subject-token')).toBeNull();
    }
    const malformed = await checkedFetch(`${base}/identity/v3/auth/tokens`, jsonBody('POST', '{"auth":'));
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { title: string } }).error.title).toBe('Bad Request');
  });
});

describe("auth: 'token' (keystonemiddleware in front of Nova, §6)", () => {
  it('answers a missing, unknown or expired token with 401, its body and WWW-Authenticate, no version headers', async () => {
    const { token } = await login('alice', 'secret', 'demo');
    expect((await checkedFetch(`${base}/v2.1/images`, as(token))).status).toBe(200);
    now = new Date(now.getTime() + 3600_000);
    try {
      for (const init of [{}, as('not-a-token'), as(token)]) {
        const response = await checkedFetch(`${base}/v2.1/${SAMPLE_PROJECT}/images/detail`, init);
        expect(response.status).toBe(401);
        expect(response.headers.get('content-type')).toBe('application/json');
        expect(response.headers.get('www-authenticate')).toBe(`Keystone uri="${identityUrl}"`);
        expect(response.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/);
        expect(response.headers.get('x-compute-request-id')).toBe(
          response.headers.get('x-openstack-request-id'),
        );
        expect(response.headers.get('openstack-api-version')).toBeNull();
        expect(response.headers.get('vary')).toBeNull();
        expect(await response.json()).toEqual(UNAUTHORIZED);
      }
    } finally {
      now = new Date('2030-01-01T00:00:00Z');
    }
  });

  it('keeps §3 order: 413 before 401, 401 before the routing 404; only the bare mount needs no token', async () => {
    const big = await checkedFetch(
      `${base}/v2.1/images/x/metadata`,
      jsonBody('POST', { metadata: { k: 'x'.repeat(120_000) } }),
    );
    expect(big.status).toBe(413);
    expect((await checkedFetch(`${base}/v2.1/no-such-route`)).status).toBe(401);
    expect((await checkedFetch(`${base}/v2.1`)).status).toBe(200);
    expect((await checkedFetch(`${base}/v2.1/${SAMPLE_PROJECT}/`)).status).toBe(401);
    const { token } = await login('alice', 'secret', 'demo');
    expect((await checkedFetch(`${base}/v2.1/no-such-route`, as(token))).status).toBe(404);
  });

  it("a token of one project used on another project's URL is the 400 of §2.2", async () => {
    const { token } = await login('bob', 'hunter2', 'other-team');
    const reply = await novaFetch(`${base}/v2.1/${SAMPLE_PROJECT}/images`, as(token));
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      badRequest: {
        code: 400,
        message: `Malformed request URL: URL's project_id '${SAMPLE_PROJECT}' doesn't match Context's project_id '${OTHER}'`,
      },
    });
  });
});

describe('ownership with two projects (§14.1, §9.3, §9.10)', () => {
  it("hides the owner's private image from another project (404) and lists only what it may see", async () => {
    const { token } = await login('bob', 'hunter2', 'other-team');
    const api = `${base}/v2.1/${OTHER}`;
    const list = await novaFetch(`${api}/images`, as(token));
    const ids = (list.json as { images: { id: string }[] }).images.map((image) => image.id);
    expect(ids).toHaveLength(11);
    expect(ids).not.toContain(PRIVATE_ID);
    for (const url of [`${api}/images/${PRIVATE_ID}`, `${api}/images/${PRIVATE_ID}/metadata`]) {
      const reply = await novaFetch(url, as(token));
      expect(reply.status).toBe(404);
      expect(reply.json).toEqual({ itemNotFound: { code: 404, message: 'Image not found.' } });
    }
    const owner = await login('alice', 'secret', 'demo');
    expect(
      (await novaFetch(`${base}/v2.1/${SAMPLE_PROJECT}/images/${PRIVATE_ID}`, as(owner.token))).status,
    ).toBe(200);
  });

  it("refuses writes to another project's public image with 403 and changes nothing", async () => {
    const { token } = await login('bob', 'hunter2', 'other-team');
    const api = `${base}/v2.1/${OTHER}/images/${PUBLIC_ID}`;
    const before = mock.store.records();
    const del = await novaFetch(api, as(token, { method: 'DELETE' }));
    expect(del.status).toBe(403);
    expect(del.json).toEqual({
      forbidden: { code: 403, message: 'You are not allowed to delete the image.' },
    });
    const writes: [string, RequestInit][] = [
      [`${api}/metadata`, jsonBody('POST', { metadata: { a: 'b' } })],
      [`${api}/metadata`, jsonBody('PUT', { metadata: { a: 'b' } })],
      [`${api}/metadata/a`, jsonBody('PUT', { meta: { a: 'b' } })],
      [`${api}/metadata/kernel_id`, { method: 'DELETE' }],
    ];
    for (const [url, init] of writes) {
      const reply = await novaFetch(url, as(token, init));
      expect(reply.status).toBe(403);
      expect(reply.json).toEqual({
        forbidden: { code: 403, message: `Not authorized for image ${PUBLIC_ID}.` },
      });
    }
    expect(mock.store.records()).toEqual(before);
  });

  it("an admin role may delete any project's image; the owner may too", async () => {
    const admin = await login('root', 'toor', 'other-team');
    expect(
      (await novaFetch(`${base}/v2.1/${OTHER}/images/${PUBLIC_ID}`, as(admin.token, { method: 'DELETE' })))
        .status,
    ).toBe(204);
    const owner = await login('alice', 'secret', 'demo');
    const url = `${base}/v2.1/${SAMPLE_PROJECT}/images/c905cedb-7281-47e4-8a62-f26bc5fc4c77`;
    expect((await novaFetch(url, as(owner.token, { method: 'DELETE' }))).status).toBe(204);
  });
});

describe('ids and users files', () => {
  it('maps demo to the configured project id and other names to stable 32-hex ids', () => {
    expect(projectIdFor('demo', SAMPLE_PROJECT)).toBe(SAMPLE_PROJECT);
    expect(OTHER).toMatch(/^[0-9a-f]{32}$/);
    expect(projectIdFor('other-team', 'abc')).toBe(OTHER);
    expect(projectIdFor('other-team2', SAMPLE_PROJECT)).not.toBe(OTHER);
  });

  it('parses JSON and line users files, with defaults, and names what is wrong', () => {
    expect(parseUsers('[{"user": "a", "password": "p"}]')).toEqual([
      { user: 'a', password: 'p', project: 'demo', roles: ['member', 'reader'] },
    ]);
    expect(parseUsers('{"users": [{"user": "a", "password": "p", "roles": "admin"}]}')[0]?.roles).toEqual([
      'admin',
    ]);
    expect(parseUsers('# team\nalice:s3cret:ops:admin,member\n\nbob:pw\n')).toEqual([
      { user: 'alice', password: 's3cret', project: 'ops', roles: ['admin', 'member'] },
      { user: 'bob', password: 'pw', project: 'demo', roles: ['member', 'reader'] },
    ]);
    expect(() => parseUsers('alice\n')).toThrow(
      new UsersFileError('line 1: expected user:password[:project[:roles]]'),
    );
    expect(() => parseUsers('[{"password": "p"}]')).toThrow(/user #1: "user" must be a non-empty string/);
  });
});
