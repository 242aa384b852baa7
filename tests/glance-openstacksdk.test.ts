// An unmodified openstacksdk (Debian python3-openstacksdk) on the mock's Glance v2, through the
// catalog's `image` service: conn.image.images(), get_image, create_image with data (checksum
// validated by the SDK), update_image, delete_image; and the same images seen through Nova.
import { describe, expect, it } from 'vitest';
import { FOREIGN_DATASET_IDS, useClientServe } from './support/foreign-dataset.ts';
import { hasPythonModule, runPythonClient } from './support/python-client.ts';
import { skipWithout } from './support/tools.ts';

const HAS_SDK = hasPythonModule('openstack');

interface GlanceRun {
  endpoint: string;
  listed: string[];
  shown: Record<string, unknown>;
  created: Record<string, unknown>;
  downloaded: string;
  updated: Record<string, unknown>;
  id: string;
  after_delete: number | string;
}

describe.skipIf(skipWithout('openstacksdk (Debian python3-openstacksdk)', HAS_SDK))(
  'openstacksdk conn.image against serve',
  () => {
    const served = useClientServe();

    it('lists, shows, uploads, updates and deletes images through Glance v2', async () => {
      const out = await runPythonClient<GlanceRun>('openstacksdk_glance.py', [
        served.url,
        'alice',
        'secret',
        'demo',
      ]);
      // Version discovery from the catalog's `<public url>/image` to the v2 document's link.
      expect(out.endpoint).toBe(`${served.url}/image/v2/`);
      // Glance's order: created_at then id, descending; the SDK follows `next` over pages of 5, to another project's public image.
      expect(out.listed).toEqual(FOREIGN_DATASET_IDS);
      expect(out.shown).toEqual({
        name: 'fakeimage7',
        status: 'active',
        visibility: 'public',
        architecture: 'x86_64',
      });
      expect(out.created).toEqual({
        status: 'active',
        size: 16,
        checksum: '760a23731f22c5d39ce62c4287628e14',
        hash_algo: 'sha512',
        hash_value: expect.stringMatching(/^[0-9a-f]{128}$/),
        visibility: 'private',
        os_distro: 'cirros',
      });
      expect(out.downloaded).toBe('sixteen bytes!!!');
      expect(out.updated).toEqual({ name: 'sdk-renamed', min_ram: 256, hw_disk_bus: 'virtio' });
      expect(out.after_delete).toBe(404);
    }, 120_000);
  },
);
