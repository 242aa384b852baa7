// An unmodified gophercloud 0.12 (Debian golang-github-gophercloud-gophercloud-dev) on the mock's
// Glance v2, found through the catalog's `image` service: imageservice/v2/images List (paged),
// Get, Create, Update, Delete, and imagedata Upload/Download. Built offline (support/go-client.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { FOREIGN_DATASET_IDS, SAMPLE_IMAGE, useClientServe } from './support/foreign-dataset.ts';
import { buildGoClient, HAS_GO, runGoClient } from './support/go-client.ts';
import { skipWithout } from './support/tools.ts';

const MISSING_GO = skipWithout(
  'Go and gophercloud (Debian golang-go, golang-github-gophercloud-gophercloud-dev)',
  HAS_GO,
);

/** The program's output; the tests compare its parts as a whole. */
type GoRun = Record<string, unknown> & { get_after_delete: { body: string } };

describe.skipIf(MISSING_GO)('gophercloud imageservice/v2 against serve --auth token', () => {
  const served = useClientServe();
  let client: string;
  beforeAll(async () => {
    client = await buildGoClient('imageservice');
  }, 150_000);

  it('lists by pages, gets, creates, uploads, downloads, updates and deletes', async () => {
    const out = await runGoClient<GoRun>(client, [served.url, 'alice', 'secret', 'demo']);
    expect(out.endpoint).toBe(`${served.url}/image/v2/`);
    expect(out.pages_error).toBeNull();
    // Pages of 4 through Glance's `next` links; the full third page links to an empty fourth, where
    // gophercloud stops.
    expect(out.pages).toEqual([
      FOREIGN_DATASET_IDS.slice(0, 4),
      FOREIGN_DATASET_IDS.slice(4, 8),
      FOREIGN_DATASET_IDS.slice(8, 12),
    ]);
    expect(out.named).toEqual([SAMPLE_IMAGE]);
    expect(out.named_error).toBeNull();
    expect(out.get).toEqual({
      name: 'fakeimage7',
      status: 'active',
      visibility: 'public',
      size: 74185822,
      // The dataset's Glance fields (api-samples-foreign: Nova's GlanceFixture formats, fixed digests).
      checksum: 'a02f084920293053cda33a0dfa486d73',
      disk_format: 'vhd',
      container: 'ova',
      architecture: 'x86_64',
    });
    expect(out.create).toEqual({
      status: 'queued',
      visibility: 'private',
      tags: ['go'],
      min_ram: 128,
      os_distro: 'fedora',
    });
    expect(out.upload).toBeNull();
    expect(out.download).toBe('gophercloud data');
    expect(out.update).toEqual({
      name: 'go-renamed',
      status: 'active',
      size: 16,
      checksum: 'd466529e0704c714567687c54e8b89e9',
      hw_disk_bus: 'scsi',
    });
    expect(out.delete).toBeNull();
    expect(out.get_after_delete).toMatchObject({ type: 'gophercloud.ErrDefault404', status: 404 });
    expect(out.get_after_delete.body).toContain(`No image found with ID ${out.id}`);
  }, 120_000);
});
