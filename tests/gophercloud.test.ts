// An unmodified gophercloud 0.12 (Debian golang-github-gophercloud-gophercloud-dev, Go from Debian
// golang-go) against `serve --auth token`: version discovery and v3 password auth, paging by limit,
// a name filter, show, raw metadata calls, the microversion cut-offs, delete
// (identity-and-clients.md). tests/clients/gophercloud/compute.go (with shared.go) is built offline in GOPATH mode and
// cached under test-output/ by the hash of its source and of `go version`. .ci/run installs both packages.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkedFetch } from './support/client.ts';
import {
  DEMO_PROJECT,
  FOREIGN_DATASET_IDS,
  SAMPLE_IMAGE,
  useClientServe,
} from './support/foreign-dataset.ts';
import { buildGoClient, HAS_GO, runGoClient } from './support/go-client.ts';
import { skipWithout } from './support/tools.ts';

const METADATA = {
  architecture: 'x86_64',
  auto_disk_config: 'True',
  kernel_id: 'nokernel',
  ramdisk_id: 'nokernel',
};
const NOT_FOUND = '{"itemNotFound":{"code":404,"message":"The resource could not be found."}}';
const IMAGE_NOT_FOUND = '{"itemNotFound":{"code":404,"message":"Image not found."}}';

interface Failure {
  type: string;
  status?: number;
  body?: string;
}

interface Call {
  status: number;
  body?: Record<string, unknown>;
  error?: Failure;
  version?: string;
}

interface GoRun {
  auth?: Failure;
  project_id: string;
  endpoint: string;
  pages: string[][];
  pages_error: Failure | null;
  named: string[];
  show: Record<string, unknown>;
  show_error: Failure | null;
  metadata_list: Call;
  metadata_set: Call;
  metadata_show: Call;
  metadata_mismatch: Call;
  metadata_merge: Call;
  metadata_delete: Call;
  metadata_missing: Call;
  microversions: Record<'image 2.35' | 'image 2.36' | 'metadata 2.38' | 'metadata 2.39', Call>;
  typed_get_2_36: Failure;
  delete_error: Failure | null;
  show_after_delete: Failure;
  delete_again: Failure;
  remaining: number;
}

const MISSING_GO = skipWithout(
  'Go and gophercloud (Debian golang-go, golang-github-gophercloud-gophercloud-dev)',
  HAS_GO,
);

describe.skipIf(MISSING_GO)('gophercloud 0.12 against serve --auth token', () => {
  const served = useClientServe();
  let client: string;
  const gophercloud = (...args: string[]) => runGoClient<GoRun>(client, [served.url, ...args]);
  beforeAll(async () => {
    client = await buildGoClient('compute');
  }, 150_000);

  it('logs in, pages, filters, shows, edits metadata, meets the microversion cut-offs, deletes', async () => {
    const out = await gophercloud('alice', 'secret', 'demo', SAMPLE_IMAGE);
    expect(out.auth).toBeUndefined();
    expect(out.project_id).toBe(DEMO_PROJECT);
    expect(out.endpoint).toBe(`${served.url}/v2.1/${DEMO_PROJECT}/`);

    // limit=5 through the absolute next links; no link after the short last page.
    expect(out.pages_error).toBeNull();
    expect(out.pages).toEqual([
      FOREIGN_DATASET_IDS.slice(0, 5),
      FOREIGN_DATASET_IDS.slice(5, 10),
      FOREIGN_DATASET_IDS.slice(10),
    ]);
    expect(out.named).toEqual([SAMPLE_IMAGE]);

    expect(out.show_error).toBeNull();
    expect(out.show).toEqual({
      ID: SAMPLE_IMAGE,
      Name: 'fakeimage7',
      Status: 'ACTIVE',
      Progress: 100,
      MinDisk: 0,
      MinRAM: 0,
      Created: '2011-01-01T01:02:03Z',
      Updated: '2011-01-01T01:02:03Z',
      Metadata: METADATA,
    });

    expect(out.metadata_list).toEqual({ status: 200, body: { metadata: METADATA }, version: 'compute 2.1' });
    expect(out.metadata_set).toEqual({ status: 200, body: { meta: { color: 'blue' } } });
    expect(out.metadata_show).toEqual({
      status: 200,
      body: { meta: { color: 'blue' } },
      version: 'compute 2.1',
    });
    expect(out.metadata_mismatch).toEqual({
      status: 400,
      error: {
        type: 'gophercloud.ErrDefault400',
        status: 400,
        body: '{"badRequest":{"code":400,"message":"Request body and URI mismatch"}}',
      },
    });
    expect(out.metadata_merge).toEqual({
      status: 200,
      body: { metadata: { ...METADATA, color: 'blue', Label: 'go' } },
    });
    expect(out.metadata_delete).toEqual({ status: 204 });
    expect(out.metadata_missing).toEqual({
      status: 404,
      error: { type: 'gophercloud.ErrDefault404', status: 404, body: NOT_FOUND },
      version: 'compute 2.1',
    });

    // Microversion set: gophercloud sends both headers; images end at 2.36, metadata at 2.39.
    const micro = out.microversions;
    expect(micro['image 2.35']).toMatchObject({ status: 200, version: 'compute 2.35' });
    expect(micro['image 2.35'].body).toMatchObject({
      image: { id: SAMPLE_IMAGE, name: 'fakeimage7', 'OS-EXT-IMG-SIZE:size': 74185822 },
    });
    expect(micro['image 2.36']).toEqual({
      status: 404,
      error: { type: 'gophercloud.ErrDefault404', status: 404, body: NOT_FOUND },
      version: 'compute 2.36',
    });
    expect(micro['metadata 2.38']).toEqual({
      status: 200,
      body: { metadata: { ...METADATA, Label: 'go' } },
      version: 'compute 2.38',
    });
    expect(micro['metadata 2.39']).toMatchObject({ status: 404, error: { status: 404, body: NOT_FOUND } });
    expect(out.typed_get_2_36).toEqual({ type: 'gophercloud.ErrDefault404', status: 404, body: NOT_FOUND });

    expect(out.delete_error).toBeNull();
    expect(out.show_after_delete).toEqual({
      type: 'gophercloud.ErrDefault404',
      status: 404,
      body: IMAGE_NOT_FOUND,
    });
    expect(out.delete_again).toEqual({
      type: 'gophercloud.ErrDefault404',
      status: 404,
      body: IMAGE_NOT_FOUND,
    });
    expect(out.remaining).toBe(11);

    // From the journal: discovery at /identity/ (300), one log-in (201), the delete's 204.
    const journal = (await (await checkedFetch(`${served.url}/__mock/requests`)).json()) as {
      requests: { method: string; path: string; status: number; endpoint: string | null }[];
    };
    const calls = journal.requests.map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
    expect(calls.slice(0, 2)).toEqual(['GET /identity/ 300', 'POST /identity/v3/auth/tokens 201']);
    expect(calls).toContain(`DELETE /v2.1/${DEMO_PROJECT}/images/${SAMPLE_IMAGE} 204`);
    expect(calls.filter((call) => call.includes('/images/detail?limit=5'))).toEqual([
      `GET /v2.1/${DEMO_PROJECT}/images/detail?limit=5 200`,
      `GET /v2.1/${DEMO_PROJECT}/images/detail?limit=5&marker=${FOREIGN_DATASET_IDS[4]} 200`,
      `GET /v2.1/${DEMO_PROJECT}/images/detail?limit=5&marker=${FOREIGN_DATASET_IDS[9]} 200`,
    ]);
    expect(journal.requests.filter((entry) => entry.status === 401)).toEqual([]);
  }, 90_000);

  it('a wrong password is refused by Keystone (401)', async () => {
    const out = await gophercloud('alice', 'wrong', 'demo', SAMPLE_IMAGE);
    expect(out.auth).toMatchObject({ type: 'gophercloud.ErrDefault401', status: 401 });
  }, 90_000);
});
