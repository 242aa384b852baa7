/**
 * Writes on a dataset served from its bytes, in-process, loaded as `serve --dataset` loads it (a
 * file from 64 MiB on in a line layout, each record made when first read): Glance's create, a
 * delete and a metadata write (a PATCH adding a property), ten rounds of the three, first before
 * any list index is built, then again after a filtered list has built one (which makes every
 * record), with the number of records they made (those they did not touch should not be); then
 * reset() and the first page after it, and the first filtered one. Then the same over HTTP, as a user's UI meets them: `serve
 * --dataset FILE`, Glance's `POST /image/v2/images`, Nova's `DELETE /v2.1/images/{id}` and
 * `POST /v2.1/images/{id}/metadata`, each request's wall time from the client, before and after a
 * filtered page has built the name index.
 *
 *   npm run bench:writes [-- --sizes 1000000 --rounds 10]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { readServedDataset } from '../mocks/dataset-file.ts';
import { ImageService, type ImageSource, replaceAllServed } from '../mocks/glance/image-service.ts';
import { DEFAULT_PROJECT_ID } from '../mocks/options.ts';
import type { Caller } from '../mocks/types.ts';
import { datasetFile } from './support/datasets.ts';
import { startMock } from './support/processes.ts';
import { median } from './support/stats.ts';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '1000000' }, rounds: { type: 'string', default: '10' } },
});
const SIZES = values.sizes.split(',').map(Number);
const ROUNDS = Number(values.rounds);

/** How many of the source's records the service has made so far. */
let made = () => 0;
const admin: Caller = { projectId: DEFAULT_PROJECT_ID, admin: true };

function timed(call: () => void): number {
  const started = performance.now();
  call();
  return performance.now() - started;
}

const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
const figures = (times: readonly number[]) =>
  `first ${ms(times[0] as number)}, last ${ms(times.at(-1) as number)} (median ${ms(median(times))})`;

/** `ROUNDS` rounds of a create, a delete and a metadata write, each on images not written before. */
function writeRounds(service: ImageService, targets: string[], label: string): string {
  const before = made();
  const creates: number[] = [];
  const deletes: number[] = [];
  const patches: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    creates.push(
      timed(() => service.create(admin, { name: `bench ${label} ${round}`, visibility: 'public' })),
    );
    const deleted = targets.pop() as string;
    deletes.push(timed(() => service.delete(admin, deleted)));
    const patched = targets.pop() as string;
    patches.push(
      timed(() =>
        service.patch(admin, patched, [{ op: 'add', path: '/bench_key', value: `round ${round}` }]),
      ),
    );
  }
  return `create ${figures(creates)}; delete ${figures(deletes)}; metadata write ${figures(patches)}; records made ${(made() - before).toLocaleString('en')}`;
}

console.log(
  `Writes on a dataset served from its bytes (in-process ImageService), ${ROUNDS} rounds of create, delete, metadata write; load average ${loadavg()[0]?.toFixed(1)}`,
);
for (const size of SIZES) {
  const served = await readServedDataset(datasetFile(size));
  if (Array.isArray(served))
    throw new Error(`${datasetFile(size)} is not served from its bytes (under 64 MiB?)`);
  const source = served as ImageSource;
  // Which records the service had made: the ones a write did not touch should not be.
  const asked = new Uint8Array(source.count);
  const counted: ImageSource = {
    count: source.count,
    ids: source.ids,
    order: source.order,
    createdInGlanceFormat: source.createdInGlanceFormat,
    at: (index) => {
      asked[index] = 1;
      return source.at(index);
    },
  };
  made = () => asked.reduce((sum, flag) => sum + flag, 0);
  const service = new ImageService([]);
  replaceAllServed(service, counted);
  const firstPage = timed(() => service.list(admin, { limit: 100 }));
  // Images to delete and patch, spread over the file (neither protected nor deleted), made one by one.
  const targets: string[] = [];
  for (let index = 7; targets.length < 4 * ROUNDS; index += Math.floor(size / (4 * ROUNDS + 8))) {
    const image = source.at(index);
    if (!image.protected && image.deleted !== true) targets.push(image.id);
  }
  const loaded = writeRounds(service, targets, 'loaded');
  const indexing = timed(() => service.list(admin, { filters: { name: 'none such' }, limit: 1 }));
  const indexed = writeRounds(service, targets, 'indexed');
  const reset = timed(() => service.reset());
  const afterReset = timed(() => service.list(admin, { limit: 100 }));
  const filteredAfterReset = timed(() => service.list(admin, { filters: { name: 'none such' }, limit: 1 }));
  console.log(`  ${size.toLocaleString('en')} images (first page ${ms(firstPage)})`);
  console.log(`    before any list index: ${loaded}`);
  console.log(`    with the name index (its first list, a full scan: ${ms(indexing)}): ${indexed}`);
  console.log(
    `    reset() after them ${ms(reset)}, the first page after it ${ms(afterReset)}, the first filtered by name ${ms(filteredAfterReset)}`,
  );
}

/** A request's wall time, refusing an answer other than `status`. */
async function request(
  url: string,
  status: number,
  init: RequestInit = {},
): Promise<{ ms: number; body: unknown }> {
  const started = performance.now();
  const reply = await fetch(url, init);
  const text = await reply.text();
  const ms = performance.now() - started;
  if (reply.status !== status) throw new Error(`${init.method ?? 'GET'} ${url}: ${reply.status} ${text}`);
  return { ms, body: text === '' ? undefined : JSON.parse(text) };
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** `ROUNDS` rounds of the three writes over HTTP, on images the caller may change. */
async function httpRounds(url: string, targets: string[], label: string): Promise<string> {
  const creates: number[] = [];
  const deletes: number[] = [];
  const writes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    creates.push(
      (await request(`${url}/image/v2/images`, 201, json('POST', { name: `http ${label} ${round}` }))).ms,
    );
    deletes.push((await request(`${url}/v2.1/images/${targets.pop()}`, 204, { method: 'DELETE' })).ms);
    const metadata = { metadata: { bench_key: `round ${round}` } };
    writes.push(
      (await request(`${url}/v2.1/images/${targets.pop()}/metadata`, 200, json('POST', metadata))).ms,
    );
  }
  return `create ${figures(creates)}; delete ${figures(deletes)}; metadata write ${figures(writes)}`;
}

for (const size of SIZES) {
  const mock = await startMock('mock', datasetFile(size));
  try {
    // The default caller's own images, unprotected and not deleted: one Glance page of them.
    const page = await request(
      `${mock.url}/image/v2/images?owner=${DEFAULT_PROJECT_ID}&protected=false&limit=${4 * ROUNDS}`,
      200,
    );
    const targets = (page.body as { images: { id: string }[] }).images.map((image) => image.id);
    if (targets.length < 4 * ROUNDS) throw new Error(`only ${targets.length} images to write`);
    const loaded = await httpRounds(mock.url, targets, 'loaded');
    const indexing = await request(`${mock.url}/v2.1/images/detail?limit=1&name=none%20such`, 200);
    const indexed = await httpRounds(mock.url, targets, 'indexed');
    console.log(
      `  over HTTP, serve --dataset of ${size.toLocaleString('en')} images (ready in ${(mock.startMs / 1000).toFixed(1)} s)`,
    );
    console.log(`    before any list index: ${loaded}`);
    console.log(`    with the name index (its first page, a full scan: ${ms(indexing.ms)}): ${indexed}`);
  } finally {
    mock.stop();
  }
}
console.log(`load average at the end ${loadavg()[0]?.toFixed(1)}`);
