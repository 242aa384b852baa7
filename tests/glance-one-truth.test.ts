// Glance v2 and the Nova proxy serve one image service: a change through either shows at once
// through the other, each in its own rendering. Glance's endpoints are covered by error injection,
// scenarios, the journal and auth; the catalog lists Glance and Nova's alternate links lead to it.
import { describe, expect, it } from 'vitest';
import { createNovaImagesMock } from '../mocks/node.ts';
import { jsonBody, novaFetch } from './support/client.ts';
import { glanceFetch } from './support/glance-schemas.ts';
import { SAMPLE_PROJECT, useNovaMock } from './support/mock.ts';

// Links from the request's origin (no publicUrl), alternate links to the mock's own Glance.
const mock = useNovaMock({ baseUrl: 'http://cloud.test', publicUrl: undefined, glanceUrl: undefined });
const glance = `${mock.baseUrl}/image/v2`;
const nova = `${mock.baseUrl}/v2.1`;
const SAMPLE = '70a599e0-31e7-49b7-b260-868f441e862b';
const NEW_ID = '20000000-0000-4000-8000-000000000001';
const PATCH = { 'content-type': 'application/openstack-images-v2.1-json-patch' };

async function createThroughGlance(body: Record<string, unknown> = {}) {
  return glanceFetch(`${glance}/images`, jsonBody('POST', { id: NEW_ID, name: 'made-in-glance', ...body }));
}

describe('one image service behind Glance and Nova', () => {
  it('an image created and uploaded through Glance is SAVING, then ACTIVE with its size in Nova', async () => {
    expect(
      (await createThroughGlance({ disk_format: 'raw', container_format: 'bare', os_distro: 'debian' }))
        .status,
    ).toBe(201);
    const queued = await novaFetch(`${nova}/images/${NEW_ID}`);
    expect(queued.json).toMatchObject({
      image: {
        name: 'made-in-glance',
        status: 'SAVING',
        progress: 25,
        'OS-EXT-IMG-SIZE:size': 0,
        metadata: { os_distro: 'debian' },
      },
    });
    const upload = await glanceFetch(`${glance}/images/${NEW_ID}/file`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: 'twelve bytes',
    });
    expect(upload.status).toBe(204);
    const active = await novaFetch(`${nova}/images/${NEW_ID}`);
    expect(active.json).toMatchObject({
      image: { status: 'ACTIVE', progress: 100, 'OS-EXT-IMG-SIZE:size': 12 },
    });
    const shown = await glanceFetch(`${glance}/images/${NEW_ID}`);
    expect(shown.json).toMatchObject({
      status: 'active',
      size: 12,
      virtual_size: 12,
      checksum: 'c91fa94e14cf2fa5474beceff788c0dc',
      os_hash_algo: 'sha512',
    });
    const download = await fetch(`${glance}/images/${NEW_ID}/file`);
    expect(download.headers.get('content-md5')).toBe((shown.json as { checksum: string }).checksum);
    expect(await download.text()).toBe('twelve bytes');
  });

  it('Nova metadata writes are Glance properties, and Glance patches are Nova metadata', async () => {
    await novaFetch(`${nova}/images/${SAMPLE}/metadata`, jsonBody('POST', { metadata: { colour: 'teal' } }));
    expect((await glanceFetch(`${glance}/images/${SAMPLE}`)).json).toMatchObject({
      colour: 'teal',
      architecture: 'x86_64',
    });
    const patched = await glanceFetch(`${glance}/images/${SAMPLE}`, {
      method: 'PATCH',
      headers: PATCH,
      body: JSON.stringify([
        { op: 'remove', path: '/colour' },
        { op: 'add', path: '/hw_scsi_model', value: 'virtio-scsi' },
        { op: 'replace', path: '/name', value: 'renamed-in-glance' },
      ]),
    });
    expect(patched.status).toBe(200);
    const detail = (await novaFetch(`${nova}/images/${SAMPLE}`)).json as {
      image: { name: string; metadata: object; updated: string };
    };
    expect(detail.image.name).toBe('renamed-in-glance');
    expect(detail.image.metadata).toEqual({
      architecture: 'x86_64',
      auto_disk_config: 'True',
      kernel_id: 'nokernel',
      ramdisk_id: 'nokernel',
      hw_scsi_model: 'virtio-scsi',
    });
    expect(detail.image.updated).toBe((patched.json as { updated_at: string }).updated_at);
  });

  it('a Nova delete is gone from Glance, a Glance delete from Nova', async () => {
    expect((await novaFetch(`${nova}/images/${SAMPLE}`, { method: 'DELETE' })).status).toBe(204);
    expect(
      (await glanceFetch(`${glance}/images/${SAMPLE}`, { headers: { accept: 'application/json' } })).status,
    ).toBe(404);
    await createThroughGlance();
    expect((await glanceFetch(`${glance}/images/${NEW_ID}`, { method: 'DELETE' })).status).toBe(204);
    expect((await novaFetch(`${nova}/images/${NEW_ID}`)).json).toEqual({
      itemNotFound: { code: 404, message: 'Image not found.' },
    });
  });

  it('os_hidden set through Glance hides the image from both lists, not from show', async () => {
    await glanceFetch(`${glance}/images/${SAMPLE}`, {
      method: 'PATCH',
      headers: PATCH,
      body: JSON.stringify([{ op: 'replace', path: '/os_hidden', value: true }]),
    });
    const glanceIds = (
      (await glanceFetch(`${glance}/images`)).json as { images: { id: string }[] }
    ).images.map((i) => i.id);
    const novaIds = ((await novaFetch(`${nova}/images`)).json as { images: { id: string }[] }).images.map(
      (i) => i.id,
    );
    expect(glanceIds).not.toContain(SAMPLE);
    expect(novaIds).not.toContain(SAMPLE);
    expect(glanceIds).toEqual(novaIds);
    expect((await novaFetch(`${nova}/images/${SAMPLE}`)).status).toBe(200);
    const hidden = (await glanceFetch(`${glance}/images?os_hidden=true`)).json as {
      images: { id: string }[];
    };
    expect(hidden.images.map((i) => i.id)).toEqual([SAMPLE]);
  });

  it("Nova's alternate link is the image's address below Glance's mount (Glance answers it with its versions, 300)", async () => {
    const detail = (await novaFetch(`${nova}/images/${SAMPLE}`)).json as {
      image: { links: { rel: string; href: string }[] };
    };
    const alternate = detail.image.links.find((link) => link.rel === 'alternate')?.href ?? '';
    expect(alternate).toBe(`http://cloud.test/image/images/${SAMPLE}`);
    const answer = await fetch(alternate);
    expect(answer.status).toBe(300);
    expect(((await answer.json()) as { versions: { id: string }[] }).versions[0]?.id).toBe('v2.15');
  });
});

describe('Glance endpoints under error injection, the journal and scenarios', () => {
  it("answers an injected status in Glance's shape, and journals the endpoint", async () => {
    mock.errors.add('glance.images.show=404x1');
    const injected = await glanceFetch(`${glance}/images/${SAMPLE}`, {
      headers: { accept: 'application/json' },
    });
    expect(injected.status).toBe(404);
    expect(injected.json).toEqual({
      message: `No image found with ID ${SAMPLE}<br /><br />\n\n\n`,
      code: '404 Not Found',
      title: 'Not Found',
    });
    expect(injected.headers.get('x-openstack-request-id')).toMatch(/^req-/);
    expect((await glanceFetch(`${glance}/images/${SAMPLE}`)).status).toBe(200);
    const [first, second] = mock.requests().slice(-2);
    expect(first).toMatchObject({ endpoint: 'glance.images.show', status: 404, injected: true });
    expect(second).toMatchObject({ endpoint: 'glance.images.show', status: 200, injected: false });
  });

  it("globs such as glance.* and the per-request header reach Glance, a 503 with WebOb's text", async () => {
    mock.errors.add({ endpoint: 'glance.*', status: 503, times: 1 });
    const listed = await glanceFetch(`${glance}/images`, { headers: { accept: 'application/json' } });
    expect(listed.status).toBe(503);
    expect((listed.json as { message: string }).message).toBe(
      'The server is currently unavailable. Please try again at a later time.<br /><br />\n\n\n',
    );
    const perRequest = await glanceFetch(`${glance}/images/${SAMPLE}`, {
      method: 'DELETE',
      headers: { 'x-mock-error': '403', accept: 'application/json' },
    });
    expect((perRequest.json as { message: string }).message).toBe(
      'You do not own this image<br /><br />\n\n\n',
    );
    expect((await novaFetch(`${nova}/images/${SAMPLE}`)).status).toBe(200);
  });

  it('the read-only scenario refuses Glance writes and lets reads through', async () => {
    mock.scenario('read-only');
    const refused = await createThroughGlance();
    expect(refused.status).toBe(403);
    expect((await glanceFetch(`${glance}/images`)).status).toBe(200);
    expect(mock.store.records().some((record) => record.id === NEW_ID)).toBe(false);
  });
});

describe('Glance behind token auth', () => {
  const secured = createNovaImagesMock({ baseUrl: 'http://secured.test', auth: 'token' });

  it("answers Glance's 401 without a token and lists the image service in the catalog", async () => {
    secured.listen({ onUnhandledRequest: 'error' });
    try {
      const anonymous = await glanceFetch('http://secured.test/image/v2/images', {
        headers: { accept: 'application/json' },
      });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Keystone uri="http://secured.test/identity"');
      expect(anonymous.headers.get('x-openstack-request-id')).toBeNull();
      const login = await fetch(
        'http://secured.test/identity/v3/auth/tokens',
        jsonBody('POST', {
          auth: {
            identity: {
              methods: ['password'],
              password: { user: { name: 'u', domain: { id: 'default' }, password: 'p' } },
            },
            scope: { project: { name: 'demo', domain: { id: 'default' } } },
          },
        }),
      );
      const token = login.headers.get('x-subject-token') ?? '';
      const { token: issued } = (await login.json()) as {
        token: { catalog: { type: string; name: string; endpoints: { interface: string; url: string }[] }[] };
      };
      const image = issued.catalog.find((service) => service.type === 'image');
      expect(image?.name).toBe('glance');
      expect(image?.endpoints.map((endpoint) => [endpoint.interface, endpoint.url]).sort()).toEqual([
        ['admin', 'http://secured.test/image'],
        ['internal', 'http://secured.test/image'],
        ['public', 'http://secured.test/image'],
      ]);
      const listed = await glanceFetch('http://secured.test/image/v2/images?limit=1', {
        headers: { 'x-auth-token': token },
      });
      expect(listed.status).toBe(200);
      expect((listed.json as { images: { owner: string }[] }).images[0]?.owner).toBe(SAMPLE_PROJECT);
    } finally {
      secured.close();
    }
  });
});
