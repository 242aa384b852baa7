// Behaviour spec §9.4–§9.10 (metadata endpoints) and §10 (validation, quota, write quirks).
import { describe, expect, it } from 'vitest';
import { jsonBody, novaFetch } from './support/client.ts';
import { SAMPLE_PROJECT, useNovaMock } from './support/mock.ts';
import { testImageId, testRecord } from './support/records.ts';

const OTHER = '0f7e1a2b3c4d4e5f8a9b0c1d2e3f4a5b';
const MINE = testImageId(1);
const THEIRS = testImageId(2);
const caller = { projectId: SAMPLE_PROJECT };

describe('metadata endpoints (§9.4–§9.10)', () => {
  const mock = useNovaMock({
    dataset: [
      testRecord(1, { properties: { kernel_id: 'k1', architecture: 'x86_64' } }),
      testRecord(2, { owner: OTHER, properties: { origin: 'elsewhere' } }),
    ],
    clock: () => new Date('2026-05-06T07:08:09.123Z'),
  });
  const meta = (id: string, key = '') => `${mock.baseUrl}/v2.1/images/${id}/metadata${key ? `/${key}` : ''}`;
  const stored = (id = MINE) => ({ ...mock.store.get(caller, id).properties });

  it('reads all metadata and one key; a missing key or image is 404 with its message', async () => {
    expect((await novaFetch(meta(MINE))).json).toEqual({
      metadata: { kernel_id: 'k1', architecture: 'x86_64' },
    });
    expect((await novaFetch(meta(MINE, 'kernel_id'))).json).toEqual({ meta: { kernel_id: 'k1' } });
    expect((await novaFetch(meta(MINE, 'Kernel_id'))).json).toEqual({
      itemNotFound: { code: 404, message: 'The resource could not be found.' },
    });
    expect((await novaFetch(meta(testImageId(9)))).json).toEqual({
      itemNotFound: { code: 404, message: 'Image not found.' },
    });
  });

  it('merges on POST, answering with the whole set, and bumps updated_at from the clock', async () => {
    const reply = await novaFetch(
      meta(MINE),
      jsonBody('POST', { metadata: { kernel_id: 'k2', Label: 'x' } }),
    );
    expect(reply.json).toEqual({ metadata: { kernel_id: 'k2', architecture: 'x86_64', Label: 'x' } });
    const image = (await novaFetch(`${mock.baseUrl}/v2.1/images/${MINE}`)).json as {
      image: { updated: string };
    };
    expect(image.image.updated).toBe('2026-05-06T07:08:09Z');
  });

  it('replaces everything on PUT and echoes the request; {} clears', async () => {
    const reply = await novaFetch(meta(MINE), jsonBody('PUT', { metadata: { only: 'this' } }));
    expect(reply.json).toEqual({ metadata: { only: 'this' } });
    expect(stored()).toEqual({ only: 'this' });
    expect((await novaFetch(meta(MINE), jsonBody('PUT', { metadata: {} }))).json).toEqual({ metadata: {} });
    expect(stored()).toEqual({});
  });

  it('sets one key on PUT /metadata/{key}, and deletes one with 204', async () => {
    const set = await novaFetch(meta(MINE, 'os_distro'), jsonBody('PUT', { meta: { os_distro: 'ubuntu' } }));
    expect(set.json).toEqual({ meta: { os_distro: 'ubuntu' } });
    const deleted = await novaFetch(meta(MINE, 'os_distro'), { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(stored()).toEqual({ kernel_id: 'k1', architecture: 'x86_64' });
    const again = await novaFetch(meta(MINE, 'os_distro'), { method: 'DELETE' });
    expect(again.json).toEqual({ itemNotFound: { code: 404, message: 'Invalid metadata key' } });
  });

  it('answers every metadata call on an unknown image with 404 "Image not found."', async () => {
    const missing = testImageId(9);
    const calls: [string, RequestInit][] = [
      [meta(missing), {}],
      [meta(missing, 'k'), {}],
      [meta(missing), jsonBody('POST', { metadata: { k: 'v' } })],
      [meta(missing), jsonBody('PUT', { metadata: { k: 'v' } })],
      [meta(missing, 'k'), jsonBody('PUT', { meta: { k: 'v' } })],
      [meta(missing, 'k'), { method: 'DELETE' }],
    ];
    for (const [url, init] of calls) {
      const reply = await novaFetch(url, init);
      expect(reply.json, `${init.method ?? 'GET'} ${url}`).toEqual({
        itemNotFound: { code: 404, message: 'Image not found.' },
      });
    }
  });

  it("refuses writes to another project's public image with 403, changing nothing (§9.10)", async () => {
    const message = { forbidden: { code: 403, message: `Not authorized for image ${THEIRS}.` } };
    expect((await novaFetch(meta(THEIRS), jsonBody('POST', { metadata: { a: 'b' } }))).json).toEqual(message);
    expect((await novaFetch(meta(THEIRS), jsonBody('PUT', { metadata: {} }))).json).toEqual(message);
    expect((await novaFetch(meta(THEIRS, 'a'), jsonBody('PUT', { meta: { a: 'b' } }))).json).toEqual(message);
    expect((await novaFetch(meta(THEIRS, 'origin'), { method: 'DELETE' })).json).toEqual(message);
    expect((await novaFetch(meta(THEIRS))).json).toEqual({ metadata: { origin: 'elsewhere' } });
  });

  it('keeps __proto__ and constructor as ordinary keys, without touching Object.prototype', async () => {
    const body = '{"metadata": {"__proto__": "p", "constructor": "c", "toString": "t"}}';
    const reply = await novaFetch(meta(MINE), jsonBody('POST', body));
    expect(reply.text).toContain('"__proto__":"p"');
    expect(Object.keys(reply.json as { metadata: object } & Record<string, never>)).toEqual(['metadata']);
    expect(JSON.parse(reply.text).metadata).toEqual(
      JSON.parse(
        '{"kernel_id": "k1", "architecture": "x86_64", "__proto__": "p", "constructor": "c", "toString": "t"}',
      ),
    );
    expect((await novaFetch(meta(MINE, '__proto__'))).text).toBe('{"meta":{"__proto__":"p"}}');
    expect(({} as Record<string, unknown>).p).toBeUndefined();
    expect(Object.prototype.toString).toBeTypeOf('function');
    expect((await novaFetch(meta(MINE, '__proto__'), { method: 'DELETE' })).status).toBe(204);
    expect((await novaFetch(meta(MINE, 'constructor'))).text).toBe('{"meta":{"constructor":"c"}}');
  });
});

describe('metadata validation (§10.1): Nova messages, nothing changes', () => {
  const mock = useNovaMock({ dataset: [testRecord(1, { properties: { kernel_id: 'k1' } })] });
  const url = `${mock.baseUrl}/v2.1/images/${MINE}/metadata`;
  const bad = (message: string) => ({ badRequest: { code: 400, message } });

  it.each([
    [{ metadata: 'x' }, "Invalid input for field/attribute metadata. Value: x. 'x' is not of type 'object'"],
    [
      { metadata: null },
      "Invalid input for field/attribute metadata. Value: None. None is not of type 'object'",
    ],
    [{ metadata: { key: 1 } }, "Invalid input for field/attribute key. Value: 1. 1 is not of type 'string'"],
    [
      { metadata: { key: true } },
      "Invalid input for field/attribute key. Value: True. True is not of type 'string'",
    ],
    [
      { metadata: { 'bad/key': 'v' } },
      "Invalid input for field/attribute metadata. Value: {'bad/key': 'v'}. 'bad/key' does not match any of the regexes: '^[a-zA-Z0-9-_:. ]{1,255}$'",
    ],
    [{ metadata: {}, extra: 1 }, "Additional properties are not allowed ('extra' was unexpected)"],
    [[], "[] is not of type 'object'"],
    [{}, "'metadata' is a required property"],
  ])('POST %j → 400', async (body, message) => {
    const reply = await novaFetch(url, jsonBody('POST', body));
    expect(reply.json).toEqual(bad(message));
    expect({ ...mock.store.get(caller, MINE).properties }).toEqual({ kernel_id: 'k1' });
  });

  it('refuses a 256-character value and a 256-character key; accepts 255', async () => {
    const long = 'x'.repeat(256);
    const value = await novaFetch(url, jsonBody('POST', { metadata: { key: long } }));
    expect(value.json).toEqual(
      bad(`Invalid input for field/attribute key. Value: ${long}. '${long}' is too long`),
    );
    const key = await novaFetch(url, jsonBody('POST', { metadata: { [long]: 'v' } }));
    expect(key.status).toBe(400);
    expect((key.json as { badRequest: { message: string } }).badRequest.message).toContain(
      "does not match any of the regexes: '^[a-zA-Z0-9-_:. ]{1,255}$'",
    );
    const ok = await novaFetch(url, jsonBody('POST', { metadata: { ['k'.repeat(255)]: 'é'.repeat(255) } }));
    expect(ok.status).toBe(200);
  });

  it('needs exactly one pair on PUT /metadata/{key}', async () => {
    const none = await novaFetch(`${url}/a`, jsonBody('PUT', { meta: {} }));
    expect(none.json).toEqual(
      bad('Invalid input for field/attribute meta. Value: {}. {} should be non-empty'),
    );
    const two = await novaFetch(`${url}/blah`, jsonBody('PUT', { meta: { blah: 'blah', blah1: 'blah1' } }));
    expect(two.json).toEqual(
      bad(
        "Invalid input for field/attribute meta. Value: {'blah': 'blah', 'blah1': 'blah1'}. {'blah': 'blah', 'blah1': 'blah1'} has too many properties",
      ),
    );
    const wrongShape = await novaFetch(`${url}/key1`, jsonBody('PUT', { key1: 'zz' }));
    expect(wrongShape.json).toEqual(bad("'meta' is a required property"));
  });

  it('relaxes top-level keys under /v2 (§5.4)', async () => {
    const legacy = `${mock.baseUrl}/v2/images/${MINE}/metadata`;
    const reply = await novaFetch(legacy, jsonBody('POST', { metadata: { a: 'b' }, extra: 1 }));
    expect(reply.status).toBe(200);
    const mixed = await novaFetch(legacy, jsonBody('POST', { metadata: { ok: 'v', 'bad!': 'v' } }));
    expect(mixed.json).toEqual(
      bad(
        "Invalid input for field/attribute metadata. Value: {'ok': 'v', 'bad!': 'v'}. Additional properties are not allowed ('bad!' was unexpected)",
      ),
    );
  });
});

describe('metadata quota (§10.3) and the kernel_id quirk (§10.4)', () => {
  // 126 + ramdisk_id = 127 items: one below the quota.
  const full = Object.fromEntries(Array.from({ length: 126 }, (_, i) => [`k${i}`, 'v']));
  const mock = useNovaMock({ dataset: [testRecord(1, { properties: { ...full, ramdisk_id: 'r1' } })] });
  const url = `${mock.baseUrl}/v2.1/images/${MINE}/metadata`;
  const QUOTA = { forbidden: { code: 403, message: 'Image metadata limit exceeded' } };

  it('allows 128 items and refuses the 129th with 403, changing nothing', async () => {
    expect((await novaFetch(`${url}/k126`, jsonBody('PUT', { meta: { k126: 'v' } }))).status).toBe(200);
    const over = await novaFetch(url, jsonBody('POST', { metadata: { k128: 'v' } }));
    expect(over.json).toEqual(QUOTA);
    const overKey = await novaFetch(`${url}/k128`, jsonBody('PUT', { meta: { k128: 'v' } }));
    expect(overKey.json).toEqual(QUOTA);
    expect(Object.keys(mock.store.get(caller, MINE).properties)).toHaveLength(128);
  });

  it('counts only the request on PUT all', async () => {
    const many = Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`n${i}`, 'v']));
    expect((await novaFetch(url, jsonBody('PUT', { metadata: many }))).json).toEqual(QUOTA);
    // New values: a new key taking a removed key's value would be glanceclient's `move` (a 500).
    const exactly = Object.fromEntries(Array.from({ length: 128 }, (_, i) => [`n${i}`, 'w']));
    expect((await novaFetch(url, jsonBody('PUT', { metadata: exactly }))).status).toBe(200);
  });

  it('neither writes nor removes ramdisk_id set to "None"; POST reports the old value', async () => {
    const reply = await novaFetch(url, jsonBody('POST', { metadata: { ramdisk_id: ' None ' } }));
    expect((reply.json as { metadata: Record<string, string> }).metadata.ramdisk_id).toBe('r1');
  });
});

describe('metadata quota option and the §15.1 query quirk', () => {
  const mock = useNovaMock({ dataset: [testRecord(1)], metadataQuota: 2 });
  const url = `${mock.baseUrl}/v2.1/images/${MINE}/metadata`;

  it('applies a configured quota', async () => {
    expect((await novaFetch(url, jsonBody('POST', { metadata: { a: '1', b: '2' } }))).status).toBe(200);
    const over = await novaFetch(url, jsonBody('POST', { metadata: { c: '3' } }));
    expect(over.status).toBe(403);
  });

  it('answers any query string on the metadata GETs with 500 KeyError, as Nova master does', async () => {
    const reply = await novaFetch(`${url}?anything=1`);
    expect(reply.json).toEqual({
      computeFault: {
        code: 500,
        // master's nova/version.py NOVA_SUPPORT (Zed's names launchpad: tests/nova-http-side.test.ts).
        message: "Unexpected API Error. Please contact the administrator\n<class 'KeyError'>",
      },
    });
    expect((await novaFetch(url)).status).toBe(200);
  });
});
