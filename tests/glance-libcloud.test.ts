// An unmodified Apache libcloud (Debian python3-libcloud) with its OpenStack 2.x driver
// (`api_version='2.2'`): list_images and get_image go to Glance v2 through the catalog's `image`
// service, which they could not find before the mock had one. .ci/run installs the package.
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOREIGN_DATASET_IDS, SAMPLE_IMAGE, startClientServe } from './support/foreign-dataset.ts';
import type { ServeProcess } from './support/serve-process.ts';
import { skipWithout } from './support/tools.ts';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, 'clients', 'libcloud_glance.py');
const HAS_LIBCLOUD = spawnSync(PYTHON, ['-c', 'import libcloud'], { timeout: 20_000 }).status === 0;
const run = promisify(execFile);

describe.skipIf(skipWithout('libcloud (Debian python3-libcloud)', HAS_LIBCLOUD))(
  'libcloud OpenStack 2.x driver',
  () => {
    let served: ServeProcess;
    beforeAll(async () => {
      served = await startClientServe();
    }, 30_000);
    afterAll(async () => {
      await served?.stop();
    });

    it('lists and gets images through Glance v2', async () => {
      const { stdout } = await run(PYTHON, [SCRIPT, served.url, 'alice', 'secret', 'demo', SAMPLE_IMAGE], {
        timeout: 90_000,
        env: { PATH: process.env.PATH ?? '' },
      });
      const out = JSON.parse(stdout);
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
