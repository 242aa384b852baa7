// Issue #10: metadata writes as Nova's Glance translation and glanceclient really make them, and
// as Glance 25.1.0 takes them (measured with Nova 26.2.2; tests/conformance replays the
// recordings). Every reply is checked against Nova's schemas (tests/support/client.ts).
import { describe, expect, it } from 'vitest';
import { createApp } from '../mocks/handlers.ts';
import type { Token } from '../mocks/identity/identity.ts';
import type { ImageRecord } from '../mocks/types.ts';
import { checkReply, type NovaReply } from './support/client.ts';
import { OTHER_PROJECT, OWN_PROJECT, testImageId, testRecord } from './support/records.ts';

const THIRD_PROJECT = 'cccccccccccccccccccccccccccccccc';
const LOADED_STAMP = '2020-02-01T10:00:00Z';
const WRITE_STAMP = '2026-05-06T07:08:09Z';
const BASE = 'http://nova.test';
const TOKENS = { own: OWN_PROJECT, other: OTHER_PROJECT, third: THIRD_PROJECT, admin: OWN_PROJECT } as const;
type Who = keyof typeof TOKENS;

const SHARED = testImageId(1);
const COMMUNITY = testImageId(2);
const PUBLIC = testImageId(3);
const THEIRS = testImageId(4);
const TAGGED = testImageId(5);
const QUEUED = testImageId(6);
const NULL_VALUED = testImageId(7);
const DELETED = testImageId(8);
const NULL_LINKED = testImageId(9);
const MAPPED = testImageId(10);

function records(): ImageRecord[] {
  const own = { owner: OWN_PROJECT, updated_at: LOADED_STAMP };
  const boot = { kernel_id: 'nokernel', ramdisk_id: 'nokernel' };
  return [
    testRecord(1, { ...own, visibility: 'shared', members: [OTHER_PROJECT], properties: { ...boot } }),
    testRecord(2, { ...own, visibility: 'community', properties: { ...boot } }),
    testRecord(3, { ...own, properties: { kernel_id: 'k1', ramdisk_id: 'r1', colour: 'blue' } }),
    testRecord(4, { owner: OTHER_PROJECT, updated_at: LOADED_STAMP, properties: { origin: 'other' } }),
    testRecord(5, { owner: OTHER_PROJECT, updated_at: LOADED_STAMP, tags: ['t1'], properties: {} }),
    testRecord(6, { ...own, visibility: 'private', status: 'queued', size: null, properties: { ...boot } }),
    testRecord(7, { ...own, properties: { kernel_id: 'nokernel', ramdisk_id: null } }),
    testRecord(9, { ...own, properties: { instance_uuid: null, auto_disk_config: null } }),
    testRecord(10, { ...own, properties: { mappings: '[{"virtual":"root"}]', block_device_mapping: '[]' } }),
    testRecord(8, { ...own, visibility: 'private', status: 'deleted', deleted: true, properties: {} }),
  ];
}

function tokens(): Token[] {
  const issuedAt = new Date();
  const expiresAt = new Date(issuedAt.getTime() + 3_600_000);
  return Object.entries(TOKENS).map(([who, project]) => ({
    id: `token-${who}`,
    user: { id: who, name: who },
    project: { id: project, name: project },
    roles: (who === 'admin' ? ['admin', 'member', 'reader'] : ['member', 'reader']).map((role) => ({
      id: role,
      name: role,
    })),
    methods: ['password'],
    issuedAt,
    expiresAt,
    auditId: who,
  }));
}

/** A fresh Nova + Glance on the records above, and a schema-checked caller of it. */
function novaOnGlance() {
  const app = createApp({
    dataset: records(),
    baseUrl: BASE,
    novaRelease: 'zed',
    clock: () => new Date(`${WRITE_STAMP.slice(0, -1)}.123Z`),
  });
  app.identity.restoreTokens(tokens());
  const call = async (
    method: string,
    path: string,
    who: Who = 'own',
    body?: unknown,
    { schemaChecked = true } = {},
  ): Promise<NovaReply> => {
    // `path` is below /v2.1/images/, or a query of /v2.1/images itself.
    const url = `${BASE}/v2.1/images${path.startsWith('?') ? '' : '/'}${path}`;
    const headers: Record<string, string> = { 'x-auth-token': `token-${who}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await app.fetch(
      new Request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
    );
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    const reply = {
      status: response.status,
      headers: response.headers,
      text,
      json: isJson && text ? JSON.parse(text) : undefined,
    };
    if (schemaChecked) checkReply(method, url, reply);
    return reply;
  };
  const stored = (id: string) => app.store.records().find((record) => record.id === id) as ImageRecord;
  return { call, stored };
}

const forbidden = (id: string) => ({ forbidden: { code: 403, message: `Not authorized for image ${id}.` } });
const notFound = { itemNotFound: { code: 404, message: 'Image not found.' } };
const unexpected = (name: string) => ({
  computeFault: {
    code: 500,
    message: `Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.\n<class '${name}'>`,
  },
});

describe('class 1: Nova writes visibility back as is_public (nova/image/glance.py _convert_to_v2)', () => {
  it('a write by the owner makes a shared image private: its member loses it', async () => {
    const { call, stored } = novaOnGlance();
    expect((await call('GET', SHARED, 'other')).status).toBe(200);
    expect((await call('POST', `${SHARED}/metadata`, 'own', { metadata: { a: 'b' } })).json).toEqual({
      metadata: { kernel_id: 'nokernel', ramdisk_id: 'nokernel', a: 'b' },
    });
    expect(stored(SHARED).visibility).toBe('private');
    expect((await call('GET', SHARED, 'other')).json).toEqual(notFound);
    expect((await call('GET', SHARED, 'own')).status).toBe(200);
  });

  it('every kind of write by the owner or an admin makes a community image private', async () => {
    const writes: [string, string, unknown][] = [
      ['POST', `${COMMUNITY}/metadata`, { metadata: {} }],
      ['PUT', `${COMMUNITY}/metadata`, { metadata: { kernel_id: 'nokernel', ramdisk_id: 'nokernel' } }],
      ['PUT', `${COMMUNITY}/metadata/a`, { meta: { a: 'b' } }],
      ['DELETE', `${COMMUNITY}/metadata/kernel_id`, undefined],
    ];
    for (const who of ['own', 'admin'] as const) {
      for (const [method, path, body] of writes) {
        const { call, stored } = novaOnGlance();
        expect((await call('GET', COMMUNITY, 'third')).status).toBe(200);
        expect((await call(method, path, who, body)).status).toBeLessThan(300);
        expect(stored(COMMUNITY).visibility).toBe('private');
        expect((await call('GET', COMMUNITY, 'third')).json).toEqual(notFound);
      }
    }
  });

  it('a public image stays public, and a member writing a shared image is refused', async () => {
    const { call, stored } = novaOnGlance();
    await call('POST', `${PUBLIC}/metadata`, 'own', { metadata: { a: 'b' } });
    expect(stored(PUBLIC).visibility).toBe('public');
    // Even `{}`: the visibility is a change, and the member is not the owner.
    expect((await call('POST', `${SHARED}/metadata`, 'other', { metadata: {} })).json).toEqual(
      forbidden(SHARED),
    );
    expect(stored(SHARED).visibility).toBe('shared');
  });
});

describe("class 2: PUT where a new key takes a removed key's value is glanceclient's JSON-patch move", () => {
  it('is a 500 ImageBadRequest that writes nothing, for the owner and an admin', async () => {
    for (const who of ['own', 'admin'] as const) {
      const { call, stored } = novaOnGlance();
      const before = stored(PUBLIC);
      const reply = await call('PUT', `${PUBLIC}/metadata`, who, {
        metadata: { kernel_id: 'k1', renamed: 'blue' },
      });
      expect([reply.status, reply.json]).toEqual([500, unexpected('nova.exception.ImageBadRequest')]);
      expect(stored(PUBLIC)).toEqual(before);
    }
  });

  it('is that 500, not the 403, for a project that does not own the image', async () => {
    const { call } = novaOnGlance();
    const reply = await call('PUT', `${THEIRS}/metadata`, 'own', { metadata: { renamed: 'other' } });
    expect([reply.status, reply.json]).toEqual([500, unexpected('nova.exception.ImageBadRequest')]);
    const plain = await call('PUT', `${THEIRS}/metadata`, 'own', { metadata: { renamed: 'new' } });
    expect(plain.json).toEqual(forbidden(THEIRS));
  });

  it('new values, or a key keeping its value, are ordinary replaces', async () => {
    const { call, stored } = novaOnGlance();
    expect(
      (await call('PUT', `${PUBLIC}/metadata`, 'own', { metadata: { colour: 'blue', x: 'new' } })).status,
    ).toBe(200);
    expect({ ...stored(PUBLIC).properties }).toEqual({ colour: 'blue', x: 'new' });
  });
});

describe('class 3: keys Glance reserves or Nova treats as attributes', () => {
  const post = async (key: string, value = '1', id = PUBLIC) => {
    const { call, stored } = novaOnGlance();
    const before = stored(id);
    const reply = await call('POST', `${id}/metadata`, 'own', { metadata: { [key]: value } });
    return { reply, before, after: stored(id), call };
  };

  it('Glance refuses read-only, reserved and os_glance_* names with 403: Nova says "Not authorized"', async () => {
    for (const key of [
      'os_glance_foo',
      'created_at',
      'updated_at',
      'file',
      'schema',
      'direct_url',
      'deleted',
      'deleted_at',
    ]) {
      const { reply, before, after } = await post(key);
      expect([key, reply.status, reply.json]).toEqual([key, 403, forbidden(PUBLIC)]);
      expect(after).toEqual(before);
    }
  });

  it("values glanceclient's model cannot hold are its TypeError: a 500 before anything is sent", async () => {
    for (const key of ['status', 'protected', 'size', 'locations', 'tags', 'self', 'virtual_size']) {
      const { reply, before, after } = await post(key);
      expect([key, reply.status, reply.json]).toEqual([key, 500, unexpected('TypeError')]);
      expect(after).toEqual(before);
    }
    // A valid status that is the image's own changes nothing; another is read-only.
    expect((await post('status', 'active')).reply.status).toBe(200);
    expect((await post('status', 'queued')).reply.json).toEqual(forbidden(PUBLIC));
  });

  it('attributes Nova carries overwrite the key: accepted, never stored, PUT echoes it', async () => {
    const carried = ['name', 'min_ram', 'min_disk', 'visibility', 'owner', 'id', 'checksum', 'disk_format'];
    for (const key of [
      ...carried,
      'container_format',
      'os_hidden',
      'os_hash_algo',
      'os_hash_value',
      'image_id',
      'remove_props',
    ]) {
      const { reply, before, after, call } = await post(key, '7');
      expect([key, reply.json]).toEqual([
        key,
        { metadata: { kernel_id: 'k1', ramdisk_id: 'r1', colour: 'blue' } },
      ]);
      expect({ ...after, updated_at: before.updated_at }).toEqual(before);
      const put = await call('PUT', `${PUBLIC}/metadata/${key}`, 'own', { meta: { [key]: '8' } });
      expect(put.json).toEqual({ meta: { [key]: '8' } });
    }
  });

  it("names Glance's image object answers itself are set on it: accepted, not stored, still a save", async () => {
    for (const key of ['context', 'repo', 'delete', 'member', '__doc__']) {
      const { reply, before, after } = await post(key);
      expect([key, reply.json]).toEqual([
        key,
        { metadata: { kernel_id: 'k1', ramdisk_id: 'r1', colour: 'blue' } },
      ]);
      expect([key, after]).toEqual([key, { ...before, updated_at: WRITE_STAMP }]);
    }
    for (const key of ['base', 'extra_properties', '__class__', '__dict__', '__weakref__']) {
      const { reply, before, after } = await post(key);
      expect([key, reply.json]).toEqual([key, unexpected('glanceclient.exc.HTTPInternalServerError')]);
      expect(after).toEqual(before);
    }
    expect((await post('__getattr__')).after.properties.__getattr__).toBe('1');
  });

  it("a `stores` key on an image without data replaces a property Glance lacks: its 409, Nova's 500", async () => {
    const { reply } = await post('stores', '1', QUEUED);
    expect(reply.json).toEqual(unexpected('glanceclient.exc.HTTPConflict'));
  });

  it('Glance strips each JSON-pointer part: " b " is stored as "b", " " as "", and "name " renames the image', async () => {
    const { call, stored } = novaOnGlance();
    const reply = await call('POST', `${PUBLIC}/metadata`, 'own', {
      metadata: { ' b ': 'w', 'name ': 'renamed' },
    });
    expect(reply.json).toEqual({ metadata: { kernel_id: 'k1', ramdisk_id: 'r1', colour: 'blue', b: 'w' } });
    expect(stored(PUBLIC).name).toBe('renamed');
    expect(((await call('GET', PUBLIC)).json as { image: { name: string } }).image.name).toBe('renamed');
    // The "" key that follows breaks Nova's own response schema (keys of 1 to 255 characters), so
    // it is read from the store: Nova 26.2.2 answers it as it is.
    expect((await call('PUT', `${PUBLIC}/metadata/%20`, 'own', { meta: { ' ': 'v' } })).json).toEqual({
      meta: { ' ': 'v' },
    });
    expect(stored(PUBLIC).properties['']).toBe('v');
  });

  it('a location is added after the patch, and Glance refuses it: the other keys are written, then 403', async () => {
    const { call, stored } = novaOnGlance();
    const reply = await call('POST', `${PUBLIC}/metadata`, 'own', { metadata: { location: 'x', zz: '1' } });
    expect(reply.json).toEqual(forbidden(PUBLIC));
    expect(stored(PUBLIC).properties.zz).toBe('1');
    expect(Object.hasOwn(stored(PUBLIC).properties, 'location')).toBe(false);
    expect((await call('POST', `${PUBLIC}/metadata`, 'own', { metadata: { location: '' } })).status).toBe(
      200,
    );
  });
});

describe('properties Nova reads as JSON (mappings, block_device_mapping)', () => {
  it('go back to Glance as jsonutils.dumps of what Nova read: a rewrite, so a save', async () => {
    const { call, stored } = novaOnGlance();
    // Nova answers with what it decoded, outside its own metadata schemas (strings or null),
    // which it only logs (`[api] response_validation = warn`).
    const unchecked = { schemaChecked: false };
    const reply = await call('POST', `${MAPPED}/metadata`, 'own', { metadata: {} }, unchecked);
    expect(reply.json).toEqual({ metadata: { mappings: [{ virtual: 'root' }], block_device_mapping: [] } });
    expect({ ...stored(MAPPED).properties }).toEqual({
      mappings: '[{"virtual": "root"}]',
      block_device_mapping: '[]',
    });
    expect(stored(MAPPED).updated_at).toBe(WRITE_STAMP);
    expect((await call('GET', `${MAPPED}/metadata/mappings`, 'own', undefined, unchecked)).json).toEqual({
      meta: { mappings: [{ virtual: 'root' }] },
    });
  });

  it('a value that is no JSON is written, then every read of the image is a 500, lists included', async () => {
    const { call, stored } = novaOnGlance();
    const decodeError = unexpected('json.decoder.JSONDecodeError');
    expect((await call('POST', `${PUBLIC}/metadata`, 'own', { metadata: { mappings: 'x' } })).json).toEqual(
      decodeError,
    );
    expect(stored(PUBLIC).properties.mappings).toBe('x');
    for (const path of [PUBLIC, `${PUBLIC}/metadata`, 'detail', '?name=image-3']) {
      expect([path, (await call('GET', path, 'other')).json]).toEqual([path, decodeError]);
    }
    expect((await call('DELETE', `${PUBLIC}/metadata/mappings`)).json).toEqual(decodeError);
    expect((await call('DELETE', PUBLIC)).status).toBe(204);
    expect((await call('GET', 'detail?name=image-3', 'other')).json).toEqual({ images: [] });
  });

  it('a value the caller sends is a string and goes as it is', async () => {
    const { call, stored } = novaOnGlance();
    await call('PUT', `${MAPPED}/metadata/mappings`, 'own', { meta: { mappings: '[{"virtual":"swap"}]' } });
    expect(stored(MAPPED).properties.mappings).toBe('[{"virtual":"swap"}]');
  });
});

describe('class 4: writes that change nothing send an empty patch and keep `updated`', () => {
  it('POST {}, re-posting a pair, PUT of the same set, PUT key of the same value, kernel_id ""', async () => {
    const { call } = novaOnGlance();
    const writes: [string, string, unknown][] = [
      ['POST', `${PUBLIC}/metadata`, { metadata: {} }],
      ['POST', `${PUBLIC}/metadata`, { metadata: { colour: 'blue' } }],
      ['PUT', `${PUBLIC}/metadata`, { metadata: { kernel_id: 'k1', ramdisk_id: 'r1', colour: 'blue' } }],
      ['PUT', `${PUBLIC}/metadata/colour`, { meta: { colour: 'blue' } }],
      ['PUT', `${PUBLIC}/metadata/kernel_id`, { meta: { kernel_id: '' } }],
      ['POST', `${PUBLIC}/metadata`, { metadata: { ramdisk_id: ' None ' } }],
    ];
    for (const [method, path, body] of writes)
      expect((await call(method, path, 'own', body)).status).toBe(200);
    const image = (await call('GET', PUBLIC)).json as { image: { updated: string; metadata: unknown } };
    expect(image.image.updated).toBe(LOADED_STAMP);
    expect(image.image.metadata).toEqual({ kernel_id: 'k1', ramdisk_id: 'r1', colour: 'blue' });
    const since = (await call('GET', 'detail?changes-since=2021-01-01T00:00:00Z')).json as {
      images: unknown[];
    };
    expect(since.images).toEqual([]);
  });

  it('a real change bumps it, and changes-since then lists the image', async () => {
    const { call } = novaOnGlance();
    await call('POST', `${PUBLIC}/metadata`, 'own', { metadata: { colour: 'red' } });
    const since = (await call('GET', 'detail?changes-since=2021-01-01T00:00:00Z')).json as {
      images: { id: string; updated: string }[];
    };
    expect(since.images.map(({ id, updated }) => [id, updated])).toEqual([[PUBLIC, WRITE_STAMP]]);
  });
});

describe('class 5: a write that changes nothing succeeds for a project that does not own the image', () => {
  it("POST {} and re-posting a pair on another project's public image are 200s", async () => {
    const { call, stored } = novaOnGlance();
    const before = stored(THEIRS);
    expect((await call('POST', `${THEIRS}/metadata`, 'own', { metadata: {} })).json).toEqual({
      metadata: { origin: 'other' },
    });
    expect(
      (await call('PUT', `${THEIRS}/metadata/origin`, 'third', { meta: { origin: 'other' } })).status,
    ).toBe(200);
    expect(stored(THEIRS)).toEqual(before);
    expect((await call('POST', `${THEIRS}/metadata`, 'own', { metadata: { origin: 'mine' } })).json).toEqual(
      forbidden(THEIRS),
    );
  });

  it('not on an image with tags: glanceclient always sends them (SchemaBasedModel.patch)', async () => {
    const { call, stored } = novaOnGlance();
    expect((await call('POST', `${TAGGED}/metadata`, 'own', { metadata: {} })).json).toEqual(
      forbidden(TAGGED),
    );
    expect(stored(TAGGED).updated_at).toBe(LOADED_STAMP);
  });
});

describe('class 13: a stored null is shown as "" (glance/schema.py Schema.filter)', () => {
  it('in the image, its metadata and the one key', async () => {
    const { call } = novaOnGlance();
    const image = (await call('GET', NULL_VALUED)).json as { image: { metadata: unknown } };
    expect(image.image.metadata).toEqual({ kernel_id: 'nokernel', ramdisk_id: '' });
    expect((await call('GET', `${NULL_VALUED}/metadata`)).json).toEqual({
      metadata: { kernel_id: 'nokernel', ramdisk_id: '' },
    });
    expect((await call('GET', `${NULL_VALUED}/metadata/ramdisk_id`)).json).toEqual({
      meta: { ramdisk_id: '' },
    });
  });

  it('so Nova links a server for a null instance_uuid and calls a null auto_disk_config MANUAL', async () => {
    const { call } = novaOnGlance();
    // Nova's views test `is not None` on what Glance showed. The server id "" breaks Nova's own
    // response schema (a uuid), which Nova only logs (`[api] response_validation = warn`).
    const reply = await call('GET', NULL_LINKED, 'own', undefined, { schemaChecked: false });
    expect(reply.json).toMatchObject({
      image: {
        metadata: { instance_uuid: '', auto_disk_config: '' },
        server: { id: '', links: [{ rel: 'self', href: `${BASE}/v2.1/servers/` }, { rel: 'bookmark' }] },
        'OS-DCF:diskConfig': 'MANUAL',
      },
    });
  });

  it('and a write leaves the null where it was: "" is what Glance showed, so nothing changes', async () => {
    const { call, stored } = novaOnGlance();
    expect((await call('POST', `${NULL_VALUED}/metadata`, 'own', { metadata: { a: 'b' } })).json).toEqual({
      metadata: { kernel_id: 'nokernel', ramdisk_id: '', a: 'b' },
    });
    expect(stored(NULL_VALUED).properties.ramdisk_id).toBeNull();
  });
});

describe('class 7: a deleted image is gone for admins too', () => {
  it('show, metadata and writes are 404 Image not found', async () => {
    const { call } = novaOnGlance();
    expect((await call('GET', DELETED, 'admin')).json).toEqual(notFound);
    expect((await call('GET', `${DELETED}/metadata`, 'admin')).json).toEqual(notFound);
    expect((await call('POST', `${DELETED}/metadata`, 'admin', { metadata: { a: 'b' } })).json).toEqual(
      notFound,
    );
  });
});
