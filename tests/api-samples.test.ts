// Nova's api_samples (tests/reference/api_samples), served from the api-samples dataset.
import { describe, expect, it } from 'vitest';
import { jsonBody, novaFetch } from './support/client.ts';
import { SAMPLE_PROJECT, useNovaMock } from './support/mock.ts';
import { readReferenceJson } from './support/reference.ts';

const sample = (name: string) => readReferenceJson(`api_samples/images/${name}`);
const IMAGE_ID = '70a599e0-31e7-49b7-b260-868f441e862b';

interface ImageView {
  id: string;
  metadata?: Record<string, unknown>;
}

describe("Nova's api_samples, served from the api-samples dataset", () => {
  const mock = useNovaMock();
  const api = `${mock.baseUrl}/v2/${SAMPLE_PROJECT}`;

  it('GET /images/detail returns the sample images, each deep-equal but for the null property', async () => {
    const reply = await novaFetch(`${api}/images/detail`);
    const expected = (sample('images-details-get-resp.json') as { images: ImageView[] }).images;
    // Nova's samples come from its fake Glance; a real Glance shows the stored null of
    // c905cedb's ramdisk_id as "" (measured on Glance 25.1.0, issue #10 class 13).
    const withNull = expected.find((image) => image.metadata?.ramdisk_id === null);
    expect(withNull?.id).toBe('c905cedb-7281-47e4-8a62-f26bc5fc4c77');
    if (withNull?.metadata) withNull.metadata.ramdisk_id = '';
    const actual = (reply.json as { images: { id: string }[] }).images;
    expect(reply.status).toBe(200);
    expect(actual.map((image) => image.id).sort()).toEqual(expected.map((image) => image.id).sort());
    for (const image of expected) expect(actual.find((item) => item.id === image.id)).toEqual(image);
  });

  it('GET /images lists the same ids in basic form, in Glance order (created_at desc, id desc)', async () => {
    const reply = await novaFetch(`${api}/images`);
    const images = (reply.json as { images: { id: string; name: string; links: unknown[] }[] }).images;
    expect(images).toHaveLength(11);
    expect(images.map((image) => image.id)).toEqual(
      images
        .map((image) => image.id)
        .sort()
        .reverse(),
    );
    expect(Object.keys(images[0] ?? {}).sort()).toEqual(['id', 'links', 'name']);
  });

  it('GET /images/{id} equals image-get-resp.json', async () => {
    const reply = await novaFetch(`${api}/images/${IMAGE_ID}`);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual(sample('image-get-resp.json'));
  });

  it('GET /images/{id}/metadata equals image-metadata-get-resp.json', async () => {
    const reply = await novaFetch(`${api}/images/${IMAGE_ID}/metadata`);
    expect(reply.json).toEqual(sample('image-metadata-get-resp.json'));
  });

  it('GET /images/{id}/metadata/kernel_id equals image-meta-key-get.json', async () => {
    const reply = await novaFetch(`${api}/images/${IMAGE_ID}/metadata/kernel_id`);
    expect(reply.json).toEqual(sample('image-meta-key-get.json'));
  });

  it('POST /images/{id}/metadata merges as image-metadata-post-resp.json', async () => {
    const reply = await novaFetch(
      `${api}/images/${IMAGE_ID}/metadata`,
      jsonBody('POST', sample('image-metadata-post-req.json')),
    );
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual(sample('image-metadata-post-resp.json'));
  });

  it('PUT /images/{id}/metadata replaces as image-metadata-put-resp.json', async () => {
    const reply = await novaFetch(
      `${api}/images/${IMAGE_ID}/metadata`,
      jsonBody('PUT', sample('image-metadata-put-req.json')),
    );
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual(sample('image-metadata-put-resp.json'));
    const after = await novaFetch(`${api}/images/${IMAGE_ID}/metadata`);
    expect(after.json).toEqual(sample('image-metadata-put-resp.json'));
  });

  it('PUT /images/{id}/metadata/auto_disk_config sets one key as image-meta-key-put-resp.json', async () => {
    const reply = await novaFetch(
      `${api}/images/${IMAGE_ID}/metadata/auto_disk_config`,
      jsonBody('PUT', sample('image-meta-key-put-req.json')),
    );
    expect(reply.json).toEqual(sample('image-meta-key-put-resp.json'));
    const image = await novaFetch(`${api}/images/${IMAGE_ID}`);
    expect((image.json as { image: Record<string, unknown> }).image['OS-DCF:diskConfig']).toBe('MANUAL');
  });

  it('the version documents equal the versions samples', async () => {
    const root = await novaFetch(`${mock.baseUrl}/`);
    expect(root.json).toEqual(readReferenceJson('api_samples/versions/versions-get-resp.json'));
    const v21 = await novaFetch(`${mock.baseUrl}/v2.1/`);
    expect(v21.json).toEqual(readReferenceJson('api_samples/versions/v21-version-get-resp.json'));
    const v2 = await novaFetch(`${mock.baseUrl}/v2/`);
    expect(v2.json).toEqual(readReferenceJson('api_samples/versions/v2-version-get-resp.json'));
  });
});
