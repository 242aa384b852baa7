// Behaviour spec §3 (which error wins), §4 (response conventions), §5 (microversions), §7 (413).
import { describe, expect, it } from 'vitest';
import { jsonBody, novaFetch } from './support/client.ts';
import { SAMPLE_PROJECT, useNovaMock } from './support/mock.ts';

const IMAGE_ID = '70a599e0-31e7-49b7-b260-868f441e862b';
const NOT_FOUND = { itemNotFound: { code: 404, message: 'The resource could not be found.' } };

describe('response conventions (§4)', () => {
  const mock = useNovaMock();
  const api = `${mock.baseUrl}/v2.1`;

  it('sends one fresh request id under both names on every API response (§4.3)', async () => {
    const first = await novaFetch(`${api}/images`, { headers: { 'x-openstack-request-id': 'req-mine' } });
    const second = await novaFetch(`${api}/images/nope`);
    const id = first.headers.get('x-openstack-request-id');
    expect(id).toMatch(/^req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.headers.get('x-compute-request-id')).toBe(id);
    expect(second.headers.get('x-openstack-request-id')).not.toBe(id);
  });

  it('uses application/json for successes, with charset for faults, and echoes the compute media type (§4.1, §4.2)', async () => {
    expect((await novaFetch(`${api}/images`)).headers.get('content-type')).toBe('application/json');
    const vendor = await novaFetch(`${api}/images`, {
      headers: { accept: 'application/vnd.openstack.compute+json' },
    });
    expect(vendor.headers.get('content-type')).toBe('application/vnd.openstack.compute+json');
    const fault = await novaFetch(`${api}/images/nope`);
    expect(fault.headers.get('content-type')).toBe('application/json; charset=UTF-8');
  });

  it('answers DELETE with 204, an empty body and Content-Type application/json (§4.1)', async () => {
    const reply = await novaFetch(`${api}/images/${IMAGE_ID}/metadata/kernel_id`, { method: 'DELETE' });
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    expect(reply.headers.get('content-type')).toBe('application/json');
  });

  it('refuses unsupported request Content-Types with 415 on any method, even GET (§4.4)', async () => {
    const get = await novaFetch(`${api}/images`, { headers: { 'content-type': 'application/xml' } });
    expect(get.status).toBe(415);
    expect(get.json).toEqual({ badMediaType: { code: 415, message: 'Unsupported Content-Type' } });
    const post = await novaFetch(`${api}/images/${IMAGE_ID}/metadata`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ metadata: { from_text: 'yes' } }),
    });
    expect(post.status).toBe(200);
    expect((post.json as { metadata: Record<string, string> }).metadata.from_text).toBe('yes');
  });

  it('answers malformed JSON with 400 "Malformed request body" and an empty body with the schema error (§4.4)', async () => {
    const malformed = await novaFetch(
      `${api}/images/${IMAGE_ID}/metadata`,
      jsonBody('POST', '{"metadata": '),
    );
    expect(malformed.json).toEqual({ badRequest: { code: 400, message: 'Malformed request body' } });
    const empty = await novaFetch(`${api}/images/${IMAGE_ID}/metadata`, { method: 'POST' });
    expect(empty.json).toEqual({ badRequest: { code: 400, message: "None is not of type 'object'" } });
  });
});

describe('request body limit (§7)', () => {
  const mock = useNovaMock();
  const url = `${mock.baseUrl}/v2.1/images/${IMAGE_ID}/metadata`;
  const bodyOfSize = (bytes: number) => {
    const prefix = '{"metadata": {"k": "v"}, "pad": "';
    return `${prefix}${'x'.repeat(bytes - prefix.length - 2)}"}`;
  };

  it('answers a 114689-byte body with WebOb 413 before routing or validation, changing nothing', async () => {
    const body = bodyOfSize(114_689);
    expect(new TextEncoder().encode(body).byteLength).toBe(114_689);
    // Accept named: msw 3 hands the handlers the `accept: */*` that fetch puts on the wire (WebOb's
    // HTML), msw 2 leaves it out.
    const plain = await novaFetch(url, { method: 'POST', body, headers: { accept: 'text/plain' } });
    expect(plain.status).toBe(413);
    expect(plain.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
    expect(plain.text).toBe(
      '413 Request Entity Too Large\n\nRequest is too large. Larger than max_request_body_size (114688).\n\n   ',
    );
    expect(plain.headers.get('x-openstack-request-id')).toMatch(/^req-/);
    expect(plain.headers.get('openstack-api-version')).toBeNull();

    const json = await novaFetch(`${mock.baseUrl}/v2.1/no/such/route`, {
      method: 'POST',
      body,
      headers: { accept: 'application/json' },
    });
    expect(json.status).toBe(413);
    expect(json.json).toEqual({
      message: 'Request is too large. Larger than max_request_body_size (114688).<br /><br />\n\n\n',
      code: '413 Request Entity Too Large',
      title: 'Request Entity Too Large',
    });
    expect(mock.store.get({ projectId: SAMPLE_PROJECT }, IMAGE_ID).properties).not.toHaveProperty('k');
  });

  it('accepts a body of exactly 114688 bytes (then schema validation answers)', async () => {
    const reply = await novaFetch(url, { method: 'POST', body: bodyOfSize(114_688) });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      badRequest: { code: 400, message: "Additional properties are not allowed ('pad' was unexpected)" },
    });
  });
});

describe('microversions (§5)', () => {
  const mock = useNovaMock();
  const api = `${mock.baseUrl}/v2.1`;
  const at = (version: string) => ({ headers: { 'openstack-api-version': `compute ${version}` } });

  it('defaults to 2.1 and echoes the version in effect with two Vary values (§5.2)', async () => {
    const reply = await novaFetch(`${api}/images`);
    expect(reply.headers.get('openstack-api-version')).toBe('compute 2.1');
    expect(reply.headers.get('x-openstack-nova-api-version')).toBe('2.1');
    expect(reply.headers.get('vary')).toBe('OpenStack-API-Version, X-OpenStack-Nova-API-Version');
  });

  it('serves images up to 2.35 and answers 404 from 2.36, executing nothing (§5.3)', async () => {
    expect((await novaFetch(`${api}/images`, at('2.35'))).status).toBe(200);
    const gone = await novaFetch(`${api}/images/${IMAGE_ID}`, { method: 'DELETE', ...at('2.36') });
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual(NOT_FOUND);
    expect(gone.headers.get('openstack-api-version')).toBe('compute 2.36');
    expect((await novaFetch(`${api}/images/${IMAGE_ID}`)).status).toBe(200);
  });

  it('serves metadata up to 2.38 and answers 404 from 2.39 (§5.3)', async () => {
    expect((await novaFetch(`${api}/images/${IMAGE_ID}/metadata`, at('2.38'))).status).toBe(200);
    const gone = await novaFetch(`${api}/images/${IMAGE_ID}/metadata`, at('2.39'));
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual(NOT_FOUND);
  });

  it('treats latest as 2.104 (§5.1)', async () => {
    const reply = await novaFetch(`${api}/images`, at('latest'));
    expect(reply.status).toBe(404);
    expect(reply.headers.get('openstack-api-version')).toBe('compute 2.104');
  });

  it('reads the legacy header when the standard one names no compute version (§5.1)', async () => {
    const reply = await novaFetch(`${api}/images`, {
      headers: { 'openstack-api-version': 'volume 3.0', 'x-openstack-nova-api-version': '2.36' },
    });
    expect(reply.status).toBe(404);
    const standardWins = await novaFetch(`${api}/images`, {
      headers: { 'openstack-api-version': 'compute 2.20', 'x-openstack-nova-api-version': '2.36' },
    });
    expect(standardWins.status).toBe(200);
    expect(standardWins.headers.get('x-openstack-nova-api-version')).toBe('2.20');
  });

  it('answers a malformed version with 400 and no version headers (§5.1, §5.2)', async () => {
    for (const bad of ['2', '2.01', '2.1.3', 'abc']) {
      const reply = await novaFetch(`${api}/images`, at(bad));
      expect(reply.status, bad).toBe(400);
      expect(reply.json).toEqual({
        badRequest: {
          code: 400,
          message: `API Version String ${bad} is of invalid format. Must be of format MajorNum.MinorNum.`,
        },
      });
      expect(reply.headers.get('openstack-api-version')).toBeNull();
      expect(reply.headers.get('vary')).toBeNull();
    }
  });

  it('answers an out-of-range version with 406 echoing it (§5.1, §5.2)', async () => {
    for (const out of ['2.0', '3.0', '2.105']) {
      const reply = await novaFetch(`${api}/images`, at(out));
      expect(reply.status, out).toBe(406);
      expect(reply.json).toEqual({
        computeFault: {
          code: 406,
          message: `Version ${out} is not supported by the API. Minimum is 2.1 and maximum is 2.104.`,
        },
      });
      expect(reply.headers.get('openstack-api-version')).toBe(`compute ${out}`);
    }
  });

  it('ignores microversion headers under /v2 and sends none back (§5.4)', async () => {
    const reply = await novaFetch(`${mock.baseUrl}/v2/images`, at('2.36'));
    expect(reply.status).toBe(200);
    expect(reply.headers.get('openstack-api-version')).toBeNull();
    expect(reply.headers.get('vary')).toBeNull();
    const links = (reply.json as { images: { links: { href: string }[] }[] }).images[0]?.links;
    expect(links?.[0]?.href).toMatch(/^http:\/\/openstack\.example\.com\/v2\/images\//);
  });

  it('lets a 2.39 request with malformed JSON get 400 but an invalid body get 404 (§3)', async () => {
    const url = `${api}/images/${IMAGE_ID}/metadata`;
    const malformed = await novaFetch(url, jsonBody('POST', '{', at('2.39').headers));
    expect(malformed.status).toBe(400);
    const invalid = await novaFetch(url, jsonBody('POST', { metadata: 'x' }, at('2.39').headers));
    expect(invalid.status).toBe(404);
  });

  it('checks the URI key before the image exists (§3, §9.8)', async () => {
    const reply = await novaFetch(`${api}/images/missing/metadata/a`, jsonBody('PUT', { meta: { b: 'v' } }));
    expect(reply.json).toEqual({ badRequest: { code: 400, message: 'Request body and URI mismatch' } });
  });
});
