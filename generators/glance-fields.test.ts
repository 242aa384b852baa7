import { describe, expect, it } from 'vitest';
import { renderGlanceImage } from '../mocks/glance-api/views.ts';
import { assertGlanceDocument } from '../tests/support/glance-schemas.ts';
import { PUBLISHED_TAGS, UPLOAD_TAGS } from './catalog/glance.ts';
import { generateDataset } from './dataset.ts';
import { generateImage } from './image.ts';

const images = generateDataset({ seed: 7, count: 1500, samples: false });

describe('generated Glance fields', () => {
  it('give images with data an MD5, a SHA-512 and a virtual size; images without data none', () => {
    const withData = images.filter((image) => image.size !== null);
    const withoutData = images.filter((image) => image.size === null);
    expect(withData.length).toBeGreaterThan(1000);
    expect(withoutData.length).toBeGreaterThan(10);
    for (const image of withData) {
      expect(image.checksum).toMatch(/^[0-9a-f]{32}$/);
      expect(image.os_hash_algo).toBe('sha512');
      expect(image.os_hash_value).toMatch(/^[0-9a-f]{128}$/);
      // A qcow2 or raw disk expands to at least its file; an ISO is its own size.
      expect(image.virtual_size).toBeGreaterThanOrEqual(
        image.disk_format === 'iso' ? (image.size as number) : 1,
      );
      if (image.disk_format !== 'qcow2')
        expect(image.virtual_size).toBeGreaterThanOrEqual(image.size as number);
    }
    for (const image of withoutData) {
      expect([image.checksum, image.os_hash_algo, image.os_hash_value, image.virtual_size]).toEqual([
        null,
        null,
        null,
        null,
      ]);
    }
    expect(new Set(withData.map((image) => image.checksum)).size).toBe(withData.length);
  });

  it('use the formats clouds hold and tags from the catalog', () => {
    const formats = new Set(images.map((image) => `${image.disk_format}/${image.container_format}`));
    expect([...formats].sort()).toEqual(['iso/bare', 'qcow2/bare', 'raw/bare']);
    const vocabulary = new Set<string>([...PUBLISHED_TAGS, ...UPLOAD_TAGS]);
    const tags = images.flatMap((image) => image.tags ?? []);
    expect(tags.length).toBeGreaterThan(300);
    expect(tags.every((tag) => vocabulary.has(tag))).toBe(true);
    // Nova's snapshots carry no tags.
    const snapshots = images.filter((image) => image.properties.image_type === 'snapshot');
    expect(snapshots.length).toBeGreaterThan(50);
    expect(snapshots.every((image) => image.tags?.length === 0 && image.disk_format === 'qcow2')).toBe(true);
  });

  it('are decided by (seed, index) alone', () => {
    const again = generateImage(7, 123);
    expect(again).toEqual(images[123]);
    expect(generateImage(8, 123).checksum).not.toBe(again.checksum);
  });

  it("render as documents Glance's own image schema accepts", () => {
    for (const image of images.slice(0, 300)) assertGlanceDocument('image', renderGlanceImage(image));
  });
});
