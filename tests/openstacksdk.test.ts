// An unmodified openstacksdk (Debian python3-openstacksdk, /usr/bin/python3) against
// `serve --auth token`: password auth, paging, show, metadata read/write/delete, delete, and the
// 403s of another project (identity-and-clients.md). .ci/run installs the package.
import { describe, expect, it } from 'vitest';
import { projectIdFor } from '../mocks/identity/ids.ts';
import { checkedFetch } from './support/client.ts';
import {
  DEMO_PROJECT,
  FOREIGN_DATASET_IDS,
  SAMPLE_IMAGE,
  useClientServe,
} from './support/foreign-dataset.ts';
import { hasPythonModule, runPythonClient } from './support/python-client.ts';
import { skipWithout } from './support/tools.ts';

const HAS_SDK = hasPythonModule('openstack');

interface SdkError {
  type: string;
  status: number | null;
  message: string;
}

interface OwnerRun {
  project_id: string;
  detail_pages: string[];
  basic_names: string[];
  show: { metadata: Record<string, string> } & Record<string, unknown>;
  metadata_before: Record<string, string>;
  item_after_set: Record<string, string>;
  metadata_after_delete: Record<string, string>;
  missing_item: SdkError;
  show_after_delete: SdkError;
  ids_after_delete: string[];
}

interface OtherRun {
  project_id: string;
  visible: string[];
  delete: SdkError;
  set_metadata: SdkError;
  show: string;
}

const sdk = <T>(url: string, ...args: string[]): Promise<T> =>
  runPythonClient<T>('openstacksdk_images.py', [url, ...args]);

const MISSING_SDK = skipWithout('openstacksdk (Debian python3-openstacksdk)', HAS_SDK);

describe.skipIf(MISSING_SDK)('openstacksdk against serve --auth token', () => {
  const served = useClientServe();

  it('logs in with a password, pages, shows, reads/writes/deletes metadata, deletes', async () => {
    const out = await sdk<OwnerRun>(served.url, 'alice', 'secret', 'demo', 'owner', SAMPLE_IMAGE);
    expect(out.project_id).toBe(DEMO_PROJECT);
    // Paged by limit=4 through absolute next links: every image, in Glance order.
    expect(out.detail_pages).toEqual(FOREIGN_DATASET_IDS);
    expect(out.basic_names).toHaveLength(12);
    expect(out.basic_names[6]).toBe('fakeimage7');
    expect(out.show).toEqual({
      id: SAMPLE_IMAGE,
      name: 'fakeimage7',
      status: 'ACTIVE',
      size: 74185822,
      min_disk: 0,
      progress: 100,
      metadata: {
        architecture: 'x86_64',
        auto_disk_config: 'True',
        kernel_id: 'nokernel',
        ramdisk_id: 'nokernel',
      },
    });
    expect(out.metadata_before).toEqual(out.show.metadata);
    expect(out.item_after_set).toEqual({ color: 'red' });
    expect(out.metadata_after_delete).toEqual({ ...out.show.metadata, Label: 'sdk' });
    expect(out.missing_item).toMatchObject({ type: 'ResourceNotFound', status: 404 });
    expect(out.show_after_delete).toMatchObject({ type: 'ResourceNotFound', status: 404 });
    expect(out.show_after_delete.message).toContain('Image not found.');
    expect(out.ids_after_delete).toEqual(FOREIGN_DATASET_IDS.filter((id) => id !== SAMPLE_IMAGE).sort());

    // What the SDK sent, from the journal: one log-in, the trailing empty page after the last full one.
    const journal = (await (await checkedFetch(`${served.url}/__mock/requests`)).json()) as {
      requests: { method: string; path: string; status: number; endpoint: string | null }[];
    };
    const logins = journal.requests.filter((entry) => entry.endpoint === 'identity.tokens');
    expect(logins.map((entry) => [entry.method, entry.status])).toEqual([['POST', 201]]);
    const pages = journal.requests.filter((entry) => entry.endpoint === 'images.detail');
    expect(pages.map((entry) => entry.path)).toEqual([
      `/v2.1/${DEMO_PROJECT}/images/detail?limit=4`,
      `/v2.1/${DEMO_PROJECT}/images/detail?limit=4&marker=${FOREIGN_DATASET_IDS[3]}`,
      `/v2.1/${DEMO_PROJECT}/images/detail?limit=4&marker=${FOREIGN_DATASET_IDS[7]}`,
      `/v2.1/${DEMO_PROJECT}/images/detail?limit=4&marker=${FOREIGN_DATASET_IDS[11]}`,
    ]);
    expect(journal.requests.every((entry) => entry.status !== 401)).toBe(true);
  }, 120_000);

  it('another project sees the public images but may not delete or edit them (403)', async () => {
    const victim = FOREIGN_DATASET_IDS[0] as string;
    const out = await sdk<OtherRun>(served.url, 'bob', 'hunter2', 'other-team', 'other', victim);
    expect(out.project_id).toBe(projectIdFor('other-team', DEMO_PROJECT));
    expect(out.visible).toHaveLength(11);
    expect(out.delete).toMatchObject({ status: 403 });
    expect(out.delete.message).toContain('You are not allowed to delete the image.');
    expect(out.set_metadata).toMatchObject({ status: 403 });
    expect(out.set_metadata.message).toContain(`Not authorized for image ${FOREIGN_DATASET_IDS[0]}.`);
    expect(out.show).toBe('fakeimage123456');
  }, 120_000);

  it('a wrong password is refused by Keystone (401)', async () => {
    const out = await sdk<{ auth: SdkError }>(served.url, 'alice', 'wrong', 'demo', 'badpass');
    expect(out.auth.message).toContain('The request you have made requires authentication. (HTTP 401)');
  }, 120_000);
});
