// Behaviour spec §2 (URL forms and routing), §2.4 (WebOb 404s) and §12 (version documents).
import { describe, expect, it } from 'vitest';
import { jsonBody, novaFetch } from './support/client.ts';
import { SAMPLE_PROJECT, SAMPLE_PUBLIC_URL, useNovaMock } from './support/mock.ts';

const IMAGE_ID = '70a599e0-31e7-49b7-b260-868f441e862b';
const WEBOB_404_JSON = {
  message: 'The resource could not be found.<br /><br />\n\n\n',
  code: '404 Not Found',
  title: 'Not Found',
};

describe('routing (§2)', () => {
  const mock = useNovaMock();
  const base = mock.baseUrl;

  it('serves every route with and without a hex project segment, under /v2.1 and /v2', async () => {
    for (const prefix of ['/v2.1', `/v2.1/${SAMPLE_PROJECT}`, '/v2', `/v2/${SAMPLE_PROJECT}`]) {
      const reply = await novaFetch(`${base}${prefix}/images/${IMAGE_ID}`);
      expect(reply.status, prefix).toBe(200);
    }
  });

  it('puts the project segment in links only when the project id is in the request URL (§8.4)', async () => {
    const bare = await novaFetch(`${base}/v2.1/images/${IMAGE_ID}`);
    const withProject = await novaFetch(`${base}/v2.1/${SAMPLE_PROJECT}/images/${IMAGE_ID}`);
    const inQuery = await novaFetch(`${base}/v2.1/images/${IMAGE_ID}?x=${SAMPLE_PROJECT}`);
    const selfOf = (json: unknown) => (json as { image: { links: { href: string }[] } }).image.links[0]?.href;
    expect(selfOf(bare.json)).toBe(`${SAMPLE_PUBLIC_URL}/v2.1/images/${IMAGE_ID}`);
    expect(selfOf(withProject.json)).toBe(`${SAMPLE_PUBLIC_URL}/v2.1/${SAMPLE_PROJECT}/images/${IMAGE_ID}`);
    expect(selfOf(inQuery.json)).toBe(`${SAMPLE_PUBLIC_URL}/v2.1/${SAMPLE_PROJECT}/images/${IMAGE_ID}`);
  });

  it('answers 400 when the URL names another (hex) project (§2.2)', async () => {
    const reply = await novaFetch(`${base}/v2.1/abc/images`);
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      badRequest: {
        code: 400,
        message: `Malformed request URL: URL's project_id 'abc' doesn't match Context's project_id '${SAMPLE_PROJECT}'`,
      },
    });
  });

  it('does not route a non-hex project segment (§2.2)', async () => {
    const reply = await novaFetch(`${base}/v2.1/myproject/images`, {
      headers: { accept: 'application/json' },
    });
    expect(reply.status).toBe(404);
    expect(reply.json).toEqual(WEBOB_404_JSON);
  });

  it('answers unknown methods and paths with WebOb 404s shaped by Accept, never 405 (§2.4)', async () => {
    // Accept named: msw 3 hands the handlers the `accept: */*` that fetch puts on the wire (WebOb's
    // HTML), msw 2 leaves it out.
    const plain = await novaFetch(`${base}/v2.1/images`, {
      method: 'POST',
      headers: { accept: 'text/plain' },
    });
    expect(plain.status).toBe(404);
    expect(plain.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
    expect(plain.text).toBe('404 Not Found\n\nThe resource could not be found.\n\n   ');

    const json = await novaFetch(`${base}/v2.1/images/${IMAGE_ID}`, {
      method: 'PATCH',
      headers: { accept: 'application/json' },
    });
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(json.json).toEqual(WEBOB_404_JSON);

    const html = await novaFetch(`${base}/v2.1/images/${IMAGE_ID}/metadata`, {
      method: 'PATCH',
      headers: { accept: '*/*' },
    });
    expect(html.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(html.text).toContain('<title>404 Not Found</title>');

    expect(json.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/);
    expect(json.headers.get('openstack-api-version')).toBeNull();
  });

  it('does not match trailing slashes, and collapses repeated slashes (§2.3)', async () => {
    for (const path of ['/v2.1/images/', '/v2.1/images/detail/', `/v2.1/images/${IMAGE_ID}/metadata/`]) {
      expect((await novaFetch(`${base}${path}`)).status, path).toBe(404);
    }
    const collapsed = await novaFetch(`${base}/v2.1//images//${IMAGE_ID}`);
    expect(collapsed.status).toBe(200);
  });

  it('routes DELETE /images/detail to image "detail", which does not exist (§2.3)', async () => {
    const reply = await novaFetch(`${base}/v2.1/images/detail`, { method: 'DELETE' });
    expect(reply.status).toBe(404);
    expect(reply.json).toEqual({ itemNotFound: { code: 404, message: 'Image not found.' } });
  });

  it('percent-decodes path variables and keeps a .json suffix (§2.3)', async () => {
    const set = await novaFetch(
      `${base}/v2.1/images/${IMAGE_ID}/metadata/a%20b`,
      jsonBody('PUT', { meta: { 'a b': 'spaced' } }),
    );
    expect(set.status).toBe(200);
    const read = await novaFetch(`${base}/v2.1/images/${IMAGE_ID}/metadata/a%20b`);
    expect(read.json).toEqual({ meta: { 'a b': 'spaced' } });
    const suffixed = await novaFetch(`${base}/v2.1/images/${IMAGE_ID}.json`);
    expect(suffixed.status).toBe(404);
    expect(suffixed.json).toEqual({ itemNotFound: { code: 404, message: 'Image not found.' } });
  });
});

describe('version documents (§12)', () => {
  const mock = useNovaMock();
  const base = mock.baseUrl;

  it('serves GET / without request ids or version headers', async () => {
    const reply = await novaFetch(`${base}/`);
    expect(reply.status).toBe(200);
    expect((reply.json as { versions: { id: string }[] }).versions.map((v) => v.id)).toEqual([
      'v2.0',
      'v2.1',
    ]);
    expect(reply.headers.get('x-openstack-request-id')).toBeNull();
    expect(reply.headers.get('openstack-api-version')).toBeNull();
  });

  it('serves /v2.1 and /v2.1/ alike (no redirect) with request id and version headers', async () => {
    for (const path of ['/v2.1', '/v2.1/']) {
      const reply = await novaFetch(`${base}${path}`);
      expect(reply.status, path).toBe(200);
      const version = (reply.json as { version: { id: string; version: string; min_version: string } })
        .version;
      expect(version).toMatchObject({ id: 'v2.1', version: '2.104', min_version: '2.1' });
      expect(reply.headers.get('openstack-api-version')).toBe('compute 2.1');
      expect(reply.headers.get('x-compute-request-id')).toMatch(/^req-/);
    }
  });

  it('serves the version document at /{project_id}/ and /versions/{id}, not at /{project_id} (measured on Zed)', async () => {
    for (const path of [
      `/v2.1/${SAMPLE_PROJECT}/`,
      '/v2.1/versions/v2.1',
      `/v2.1/${SAMPLE_PROJECT}/versions/v2.1`,
    ]) {
      const reply = await novaFetch(`${base}${path}`);
      expect(reply.status).toBe(200);
      expect((reply.json as { version: { id: string } }).version.id).toBe('v2.1');
    }
    const legacy = await novaFetch(`${base}/v2/${SAMPLE_PROJECT}/`);
    expect((legacy.json as { version: { id: string } }).version.id).toBe('v2.0');
    expect((await novaFetch(`${base}/v2.1/${SAMPLE_PROJECT}`)).status).toBe(404);
  });

  it('serves either version by id under /v2.1, linked to /v2.1/, and 404s an unknown id (measured on Zed)', async () => {
    const v20 = await novaFetch(`${base}/v2.1/versions/v2.0`);
    expect(v20.status).toBe(200);
    const document = (v20.json as { version: { id: string; links: Array<{ href: string }> } }).version;
    expect(document.id).toBe('v2.0');
    expect(document.links[0]?.href).toMatch(/^http:\/\/[^/]+\/v2\.1\/$/);
    const unknown = await novaFetch(`${base}/v2.1/versions/v3`);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({
      itemNotFound: { code: 404, message: 'The resource could not be found.' },
    });
    // `/v2` answers its own document whatever the id.
    const legacy = await novaFetch(`${base}/v2/versions/v3`);
    expect((legacy.json as { version: { id: string } }).version.id).toBe('v2.0');
  });

  it('answers 300 with version choices for other root paths', async () => {
    const reply = await novaFetch(`${base}/images/detail`);
    expect(reply.status).toBe(300);
    expect(reply.json).toEqual({
      choices: [
        {
          id: 'v2.0',
          status: 'DEPRECATED',
          links: [{ rel: 'self', href: `${SAMPLE_PUBLIC_URL}/v2/images/detail` }],
          'media-types': [
            { base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2' },
          ],
        },
        {
          id: 'v2.1',
          status: 'CURRENT',
          links: [{ rel: 'self', href: `${SAMPLE_PUBLIC_URL}/v2.1/images/detail` }],
          'media-types': [
            { base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' },
          ],
        },
      ],
    });
  });
});
