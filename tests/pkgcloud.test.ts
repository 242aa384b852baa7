import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { checkedFetch } from './support/client.ts';
import {
  DEMO_PROJECT,
  FOREIGN_DATASET_IDS,
  SAMPLE_IMAGE,
  useClientServe,
} from './support/foreign-dataset.ts';

type Callback<T> = (error: PkgcloudError | null, value?: T, extra?: unknown) => void;

interface PkgcloudImage {
  id: string;
  toJSON(): Record<string, unknown>;
}

/** What pkgcloud's `errs` attaches to an HTTP failure (lib/pkgcloud/core/base/client.js). */
interface PkgcloudError extends Error {
  statusCode?: number;
  failCode?: string;
  method?: string;
  href?: string;
  result?: unknown;
}

interface ComputeClient {
  getImages(callback: Callback<PkgcloudImage[]>): void;
  getImage(id: string, callback: Callback<PkgcloudImage>): void;
  destroyImage(id: string, callback: Callback<{ ok: string }>): void;
  updateImageMeta(id: string, metadata: Record<string, string>, callback: Callback<unknown>): void;
  getVersion(callback: Callback<string>): void;
}

interface Pkgcloud {
  version: string;
  compute: { createClient(options: Record<string, unknown>): ComputeClient };
}

const pkgcloud = createRequire(import.meta.url)('pkgcloud') as Pkgcloud;

/** One pkgcloud call as a promise that settles within `ms`; resolves to [error, value, extra]. */
function call<T>(
  start: (callback: Callback<T>) => void,
  ms = 15_000,
): Promise<[PkgcloudError | null, T | undefined, unknown]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pkgcloud call did not answer in ${ms} ms`)), ms);
    start((error, value, extra) => {
      clearTimeout(timer);
      resolve([error, value, extra]);
    });
  });
}

/** Like `call`, but rejects with pkgcloud's error. */
async function ok<T>(start: (callback: Callback<T>) => void): Promise<T> {
  const [error, value] = await call(start);
  if (error) throw error;
  return value as T;
}

function client(url: string, username: string, password: string, tenantName: string): ComputeClient {
  // The v3 option names of lib/pkgcloud/openstack/client.js `_getIdentityOptions`.
  return pkgcloud.compute.createClient({
    provider: 'openstack',
    username,
    password,
    authUrl: `${url}/identity`,
    keystoneAuthVersion: 'v3',
    domainName: 'Default',
    tenantName,
    projectDomainName: 'Default',
    region: 'RegionOne',
  });
}

interface JournalEntry {
  method: string;
  path: string;
  status: number;
  endpoint: string | null;
}

async function journal(url: string): Promise<JournalEntry[]> {
  const reply = await checkedFetch(`${url}/__mock/requests`);
  return ((await reply.json()) as { requests: JournalEntry[] }).requests;
}

describe('pkgcloud 2.2.0 against serve --auth token', () => {
  const served = useClientServe();

  it('is the version the reference describes', () => {
    expect(pkgcloud.version).toBe('2.2.0');
  });

  it('logs in with Keystone v3, lists, shows, sets metadata, reads the version, deletes', async () => {
    const compute = client(served.url, 'alice', 'secret', 'demo');

    const images = await ok<PkgcloudImage[]>((cb) => compute.getImages(cb));
    expect(images.map((image) => image.id)).toEqual(FOREIGN_DATASET_IDS);
    expect(images[6]?.toJSON()).toEqual({
      id: SAMPLE_IMAGE,
      name: 'fakeimage7',
      status: 'ACTIVE',
      progress: 100,
      created: '2011-01-01T01:02:03Z',
      updated: '2011-01-01T01:02:03Z',
    });
    expect(images[11]?.toJSON()).toMatchObject({ name: 'foreign-public-image', status: 'ACTIVE' });

    const image = await ok<PkgcloudImage>((cb) => compute.getImage(SAMPLE_IMAGE, cb));
    expect(image.toJSON()).toEqual(images[6]?.toJSON());

    // updateImageMeta is POST .../metadata (a merge); pkgcloud hands back Nova's body as is.
    const merged = await ok<unknown>((cb) => compute.updateImageMeta(SAMPLE_IMAGE, { color: 'blue' }, cb));
    expect(merged).toEqual({
      metadata: {
        architecture: 'x86_64',
        auto_disk_config: 'True',
        kernel_id: 'nokernel',
        ramdisk_id: 'nokernel',
        color: 'blue',
      },
    });

    // getVersion strips the project from the compute URL: GET /v2.1/, the version document.
    const [versionError, versionId, version] = await call<string>((cb) => compute.getVersion(cb));
    expect(versionError).toBeNull();
    expect(versionId).toBe('v2.1');
    expect(version).toMatchObject({ id: 'v2.1', status: 'CURRENT', min_version: '2.1' });
    expect((version as { version: string }).version).toMatch(/^2\.\d+$/);

    expect(await ok((cb) => compute.destroyImage(SAMPLE_IMAGE, cb))).toEqual({ ok: SAMPLE_IMAGE });
    const [missing, gone] = await call<PkgcloudImage>((cb) => compute.getImage(SAMPLE_IMAGE, cb));
    expect(gone).toBeUndefined();
    expect(missing).toMatchObject({
      statusCode: 404,
      failCode: 'Item not found',
      method: 'GET',
      result: { itemNotFound: { code: 404, message: 'Image not found.' } },
    });
    expect(missing?.message).toBe('openstack Error (404): Item not found');
    const [metaMissing] = await call((cb) => compute.updateImageMeta(SAMPLE_IMAGE, { color: 'red' }, cb));
    expect(metaMissing).toMatchObject({ statusCode: 404 });

    const after = await ok<PkgcloudImage[]>((cb) => compute.getImages(cb));
    expect(after.map((entry) => entry.id)).toEqual(FOREIGN_DATASET_IDS.filter((id) => id !== SAMPLE_IMAGE));

    // One log-in (the token lives long enough that pkgcloud's 5-minute early renewal never fires),
    // and the catalog's project-scoped compute URL for every images call.
    const requests = await journal(served.url);
    expect(requests.map((entry) => [entry.method, entry.path, entry.status])).toEqual([
      ['POST', '/identity/v3/auth/tokens', 201],
      ['GET', `/v2.1/${DEMO_PROJECT}/images/detail`, 200],
      ['GET', `/v2.1/${DEMO_PROJECT}/images/${SAMPLE_IMAGE}`, 200],
      ['POST', `/v2.1/${DEMO_PROJECT}/images/${SAMPLE_IMAGE}/metadata`, 200],
      ['GET', '/v2.1/', 200],
      ['DELETE', `/v2.1/${DEMO_PROJECT}/images/${SAMPLE_IMAGE}`, 204],
      ['GET', `/v2.1/${DEMO_PROJECT}/images/${SAMPLE_IMAGE}`, 404],
      ['POST', `/v2.1/${DEMO_PROJECT}/images/${SAMPLE_IMAGE}/metadata`, 404],
      ['GET', `/v2.1/${DEMO_PROJECT}/images/detail`, 200],
    ]);
  }, 60_000);

  it('another project sees the public images but may not delete or edit them (403)', async () => {
    const victim = FOREIGN_DATASET_IDS[0] as string;
    const compute = client(served.url, 'bob', 'hunter2', 'other-team');
    const visible = await ok<PkgcloudImage[]>((cb) => compute.getImages(cb));
    expect(visible.map((image) => image.id)).toContain(victim);
    expect(visible.map((image) => image.id)).toEqual(FOREIGN_DATASET_IDS.filter((id) => id !== SAMPLE_IMAGE));

    const [deleteError] = await call((cb) => compute.destroyImage(victim, cb));
    expect(deleteError).toMatchObject({ statusCode: 403, method: 'DELETE' });
    expect(JSON.stringify(deleteError?.result)).toContain('You are not allowed to delete the image.');
    const [metaError] = await call((cb) => compute.updateImageMeta(victim, { k: 'v' }, cb));
    expect(metaError).toMatchObject({ statusCode: 403, method: 'POST' });
    expect(JSON.stringify(metaError?.result)).toContain(`Not authorized for image ${victim}.`);

    const still = await ok<PkgcloudImage>((cb) => compute.getImage(victim, cb));
    expect(still.toJSON()).toMatchObject({ id: victim, name: 'fakeimage123456' });
  }, 60_000);

  it('a wrong password is refused by Keystone (401) before any compute call', async () => {
    const compute = client(served.url, 'alice', 'wrong', 'demo');
    const [error, images] = await call<PkgcloudImage[]>((cb) => compute.getImages(cb));
    expect(images).toBeUndefined();
    expect(error).toBeInstanceOf(Error);
    expect(error?.message).toBe('Error (401): Unauthorized');
    expect(error).toMatchObject({
      statusCode: 401,
      method: 'POST',
      href: `${served.url}/identity/v3/auth/tokens`,
      result: { error: { code: 401, message: 'The request you have made requires authentication.' } },
    });
  }, 60_000);
});
