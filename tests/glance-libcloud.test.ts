// An unmodified Apache libcloud (Debian python3-libcloud) with its OpenStack 2.x driver
// (`api_version='2.2'`): list_images and get_image go to Glance v2 through the catalog's `image`
// service, which they could not find before the mock had one. .ci/run installs the package.
import { describe, expect, it } from 'vitest';
import { FOREIGN_DATASET_IDS, SAMPLE_IMAGE, useClientServe } from './support/foreign-dataset.ts';
import { hasPythonModule, runPythonClient } from './support/python-client.ts';
import { skipWithout } from './support/tools.ts';

const HAS_LIBCLOUD = hasPythonModule('libcloud');

describe.skipIf(skipWithout('libcloud (Debian python3-libcloud)', HAS_LIBCLOUD))(
  'libcloud OpenStack 2.x driver',
  () => {
    const served = useClientServe();

    it('lists and gets images through Glance v2', async () => {
      const out = await runPythonClient<{ listed: string[]; image: unknown }>('libcloud_glance.py', [
        served.url,
        'alice',
        'secret',
        'demo',
        SAMPLE_IMAGE,
      ]);
      expect(out.listed).toEqual(FOREIGN_DATASET_IDS);
      expect(out.image).toEqual({
        id: SAMPLE_IMAGE,
        name: 'fakeimage7',
        status: 'active',
        visibility: 'public',
        created: '2011-01-01T01:02:03Z',
        minRam: 0,
      });
    }, 120_000);
  },
);
