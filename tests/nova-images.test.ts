// Behaviour spec §8 (views), §9.1–§9.3 (image endpoints) and §14.1 (visibility and ownership).
import { describe, expect, it } from 'vitest';
import { novaFetch } from './support/client.ts';
import { SAMPLE_PROJECT, SAMPLE_PUBLIC_URL, useNovaMock } from './support/mock.ts';
import { testImageId, testRecord } from './support/records.ts';

type Detail = Record<string, unknown> & { id: string; links: { href: string }[] };
const unitId = (n: number) => `0f7d5c1e-1111-4a11-8a11-00000000000${n}`;
const SERVER = 'aa640691-d1a7-4a67-9d3c-d35ee6b3cc74';

describe('image views on the unit-fixtures dataset (§8)', () => {
  const mock = useNovaMock({ dataset: 'unit-fixtures' });
  const api = `${mock.baseUrl}/v2.1`;
  const show = async (id: string) =>
    ((await novaFetch(`${api}/images/${id}`)).json as { image: Detail }).image;

  it('maps Glance statuses to Nova status and progress (§8.3)', async () => {
    expect(await show(unitId(2))).toMatchObject({ status: 'SAVING', progress: 25 });
    expect(await show(unitId(3))).toMatchObject({ status: 'SAVING', progress: 50 });
    expect(await show(unitId(4))).toMatchObject({ status: 'ACTIVE', progress: 100 });
    expect(await show(unitId(5))).toMatchObject({ status: 'ERROR', progress: 0 });
  });

  it('adds a server link for snapshots, built from the public URL (§8.2)', async () => {
    expect((await show(unitId(4))).server).toEqual({
      id: SERVER,
      links: [
        { rel: 'self', href: `${SAMPLE_PUBLIC_URL}/v2.1/servers/${SERVER}` },
        { rel: 'bookmark', href: `${SAMPLE_PUBLIC_URL}/servers/${SERVER}` },
      ],
    });
    expect(await show(unitId(1))).not.toHaveProperty('server');
  });

  it('shows nameless images with name null, and min_ram/min_disk as minRam/minDisk (§8.2)', async () => {
    expect((await show(unitId(8))).name).toBeNull();
    expect(await show(unitId(1))).toMatchObject({ minRam: 128, minDisk: 10, metadata: { key1: 'value1' } });
  });

  it('hides soft-deleted images from show (§9.2) and killed ones from lists (§11.2)', async () => {
    for (const n of [6, 7]) {
      const reply = await novaFetch(`${api}/images/${unitId(n)}`);
      expect(reply.status).toBe(404);
      expect(reply.json).toEqual({ itemNotFound: { code: 404, message: 'Image not found.' } });
    }
    const listed = ((await novaFetch(`${api}/images`)).json as { images: { id: string }[] }).images;
    expect(listed.map((image) => image.id)).toEqual([9, 8, 4, 3, 2, 1].map(unitId));
  });

  it('refuses to delete an image of another project, keeping it (§9.3, §14.1)', async () => {
    const reply = await novaFetch(`${api}/images/${unitId(9)}`, { method: 'DELETE' });
    expect(reply.status).toBe(403);
    expect(reply.json).toEqual({
      forbidden: { code: 403, message: 'You are not allowed to delete the image.' },
    });
    expect((await novaFetch(`${api}/images/${unitId(9)}`)).status).toBe(200);
  });

  it('deletes an own image: 204, then gone from show and lists (§9.3)', async () => {
    const reply = await novaFetch(`${api}/images/${unitId(4)}`, { method: 'DELETE' });
    expect(reply.status).toBe(204);
    expect((await novaFetch(`${api}/images/${unitId(4)}`)).status).toBe(404);
    const listed = ((await novaFetch(`${api}/images`)).json as { images: { id: string }[] }).images;
    expect(listed.map((image) => image.id)).not.toContain(unitId(4));
    const again = await novaFetch(`${api}/images/${unitId(4)}`, { method: 'DELETE' });
    expect(again.json).toEqual({ itemNotFound: { code: 404, message: 'Image not found.' } });
  });
});

describe('view edge cases (§8.2)', () => {
  const OTHER = '0f7e1a2b3c4d4e5f8a9b0c1d2e3f4a5b';
  const mock = useNovaMock({
    dataset: [
      testRecord(1, { status: 'queued', size: null, updated_at: '2025-02-03T04:05:06Z' }),
      testRecord(2, { status: 'uploading', properties: { auto_disk_config: ' Yes ' } }),
      testRecord(3, { status: 'importing', properties: { auto_disk_config: 'disabled' } }),
      testRecord(4, { properties: { block_device_mapping: '[{"boot_index": 0}]' } }),
      testRecord(5, { protected: true }),
      testRecord(6, { visibility: 'private', owner: OTHER }),
      testRecord(7, { visibility: 'community', owner: OTHER }),
      testRecord(8, { visibility: 'shared', owner: OTHER, members: [SAMPLE_PROJECT] }),
      testRecord(9, { os_hidden: true }),
    ],
  });
  const api = `${mock.baseUrl}/v2.1`;
  const show = async (n: number) =>
    (await novaFetch(`${api}/images/${testImageId(n)}`)).json as { image: Detail };

  it('shows a null size as 0, and dates at seconds precision', async () => {
    expect((await show(1)).image).toMatchObject({
      'OS-EXT-IMG-SIZE:size': 0,
      status: 'SAVING',
      created: '2025-01-01T00:00:00Z',
      updated: '2025-02-03T04:05:06Z',
    });
  });

  it('maps other statuses to UNKNOWN and auto_disk_config to AUTO or MANUAL', async () => {
    expect((await show(2)).image).toMatchObject({
      status: 'UNKNOWN',
      progress: 0,
      'OS-DCF:diskConfig': 'AUTO',
    });
    expect((await show(3)).image).toMatchObject({ 'OS-DCF:diskConfig': 'MANUAL' });
    expect((await show(1)).image).not.toHaveProperty('OS-DCF:diskConfig');
  });

  it('JSON-decodes block_device_mapping, and shows no server without an instance_uuid', async () => {
    const { image } = await show(4);
    expect(image.metadata).toEqual({ block_device_mapping: [{ boot_index: 0 }] });
    expect(image).not.toHaveProperty('server');
  });

  it('refuses to delete a protected image (§9.3)', async () => {
    const reply = await novaFetch(`${api}/images/${testImageId(5)}`, { method: 'DELETE' });
    expect(reply.json).toEqual({
      forbidden: { code: 403, message: 'You are not allowed to delete the image.' },
    });
  });

  it("hides other projects' private images; shows community and shared-with-us ones (§14.1)", async () => {
    expect((await novaFetch(`${api}/images/${testImageId(6)}`)).status).toBe(404);
    expect((await novaFetch(`${api}/images/${testImageId(7)}`)).status).toBe(200);
    expect((await novaFetch(`${api}/images/${testImageId(8)}`)).status).toBe(200);
    const listed = ((await novaFetch(`${api}/images`)).json as { images: { id: string }[] }).images;
    expect(listed.map((image) => image.id)).toEqual([8, 5, 4, 3, 2, 1].map(testImageId));
  });

  it('links alternates to the configured Glance URL, without a version (§8.4)', async () => {
    const { image } = await show(1);
    expect(image.links[2]?.href).toBe(`http://glance.openstack.example.com/images/${testImageId(1)}`);
  });
});
