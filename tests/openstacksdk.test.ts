// An unmodified openstacksdk (Debian python3-openstacksdk, /usr/bin/python3) against
// `serve --auth token`: password auth, paging, show, metadata read/write/delete, delete, and the
// 403s of another project (identity-and-clients.md). .ci/run installs the package.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectIdFor } from '../mocks/identity/ids.ts';
import { checkedFetch } from './support/client.ts';
import { type ServeProcess, startServe } from './support/serve-process.ts';
import { skipWithout } from './support/tools.ts';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, 'clients', 'openstacksdk_images.py');
const HAS_SDK = spawnSync(PYTHON, ['-c', 'import openstack'], { timeout: 20_000 }).status === 0;
const DEMO = '6f70656e737461636b20342065766572';
const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const ALL_IDS = [
  'cedef40a-ed67-4d10-800e-17455edce175',
  'c905cedb-7281-47e4-8a62-f26bc5fc4c77',
  'a440c04b-79fa-479c-bed1-0b816eaec379',
  'a2459075-d96c-40d5-893e-577ff92e721c',
  '95fad737-9325-4855-b37e-20a62268ec88',
  '76fa36fc-c930-4bf3-8c8a-ea2a2420deb6',
  IMAGE,
  '5f7d4f5b-3781-4a4e-9046-a2a800e807e5',
  '535426d4-5d75-44f4-9591-a2123d23c33f',
  '261b52ed-f693-4147-8f3b-d25df5efd968',
  '155d900f-4e14-4e4c-a73d-069cbf4541e6',
  '0b6b8c5e-7f53-4c38-9c4f-4a4f1f6b9d10',
];

const run = promisify(execFile);

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

async function sdk<T>(url: string, ...args: string[]): Promise<T> {
  const { stdout } = await run(PYTHON, [SCRIPT, url, ...args], {
    timeout: 90_000,
    env: { PATH: process.env.PATH ?? '' },
  });
  return JSON.parse(stdout) as T;
}

describe.skipIf(skipWithout(HAS_SDK))('openstacksdk against serve --auth token', () => {
  let served: ServeProcess;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nova-mock-users-'));
    const users = join(dir, 'users.txt');
    writeFileSync(users, 'alice:secret:demo:member,reader\nbob:hunter2:other-team\n');
    served = await startServe(['--auth', 'token', '--dataset', 'api-samples-foreign', '--users', users]);
  }, 30_000);
  afterAll(async () => {
    await served?.stop();
  });

  it('logs in with a password, pages, shows, reads/writes/deletes metadata, deletes', async () => {
    const out = await sdk<OwnerRun>(served.url, 'alice', 'secret', 'demo', 'owner', IMAGE);
    expect(out.project_id).toBe(DEMO);
    // Paged by limit=4 through absolute next links: every image, in Glance order.
    expect(out.detail_pages).toEqual(ALL_IDS);
    expect(out.basic_names).toHaveLength(12);
    expect(out.basic_names[6]).toBe('fakeimage7');
    expect(out.show).toEqual({
      id: IMAGE,
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
    expect(out.ids_after_delete).toEqual(ALL_IDS.filter((id) => id !== IMAGE).sort());

    // What the SDK sent, from the journal: one log-in, the trailing empty page after the last full one.
    const journal = (await (await checkedFetch(`${served.url}/__mock/requests`)).json()) as {
      requests: { method: string; path: string; status: number; endpoint: string | null }[];
    };
    const logins = journal.requests.filter((entry) => entry.endpoint === 'identity.tokens');
    expect(logins.map((entry) => [entry.method, entry.status])).toEqual([['POST', 201]]);
    const pages = journal.requests.filter((entry) => entry.endpoint === 'images.detail');
    expect(pages.map((entry) => entry.path)).toEqual([
      `/v2.1/${DEMO}/images/detail?limit=4`,
      `/v2.1/${DEMO}/images/detail?limit=4&marker=${ALL_IDS[3]}`,
      `/v2.1/${DEMO}/images/detail?limit=4&marker=${ALL_IDS[7]}`,
      `/v2.1/${DEMO}/images/detail?limit=4&marker=${ALL_IDS[11]}`,
    ]);
    expect(journal.requests.every((entry) => entry.status !== 401)).toBe(true);
  }, 120_000);

  it('another project sees the public images but may not delete or edit them (403)', async () => {
    const victim = ALL_IDS[0] as string;
    const out = await sdk<OtherRun>(served.url, 'bob', 'hunter2', 'other-team', 'other', victim);
    expect(out.project_id).toBe(projectIdFor('other-team', DEMO));
    expect(out.visible).toHaveLength(11);
    expect(out.delete).toMatchObject({ status: 403 });
    expect(out.delete.message).toContain('You are not allowed to delete the image.');
    expect(out.set_metadata).toMatchObject({ status: 403 });
    expect(out.set_metadata.message).toContain(`Not authorized for image ${ALL_IDS[0]}.`);
    expect(out.show).toBe('fakeimage123456');
  }, 120_000);

  it('a wrong password is refused by Keystone (401)', async () => {
    const out = await sdk<{ auth: SdkError }>(served.url, 'alice', 'wrong', 'demo', 'badpass');
    expect(out.auth.message).toContain('The request you have made requires authentication. (HTTP 401)');
  }, 120_000);
});
