/**
 * The in-process runtime (`createNovaImagesMock`, msw's setupServer): per-request cost of the
 * detail page against a bare msw handler returning the same bytes, in interleaved rounds, and
 * the time to create a mock on a 100,000-image dataset. Run by bench/server.ts.
 *
 *   tsx bench/in-process.ts DATASET_10K DATASET_100K ROUNDS
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { readDatasetFile } from '../mocks/dataset-file.ts';
import { createNovaImagesMock } from '../mocks/node.ts';
import type { ImageRecord } from '../mocks/types.ts';
import { ratios, spread } from './support/stats.ts';

const [small = '', large = '', roundsText = '5'] = process.argv.slice(2);
const ROUNDS = Number(roundsText);
const REQUESTS = 300;
const PAGE = 'http://127.0.0.1:8774/v2.1/images/detail?limit=100';
/** A filter's first page: its index is built from every image, so every record is made for it. */
const FILTERED_PAGE = `${PAGE}&property-os_distro=ubuntu`;

const smallRecords = (await readDatasetFile(small)).records;
const mock = createNovaImagesMock({ dataset: smallRecords });
mock.listen();
const sample = await fetch(PAGE);
const headers = Object.fromEntries(sample.headers);
const bytes = new Uint8Array(await sample.arrayBuffer());
mock.close();
const floor = setupServer(http.get(PAGE.split('?')[0] as string, () => new HttpResponse(bytes, { headers })));

/** ms per request, REQUESTS sequential page fetches. */
async function perRequest(): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i++) await (await fetch(PAGE)).arrayBuffer();
  return (performance.now() - started) / REQUESTS;
}

const mockMs: number[] = [];
const floorMs: number[] = [];
for (let round = -1; round < ROUNDS; round++) {
  mock.listen();
  const mockRound = await perRequest();
  mock.close();
  floor.listen();
  const floorRound = await perRequest();
  floor.close();
  if (round < 0) continue; // warm-up
  mockMs.push(mockRound);
  floorMs.push(floorRound);
}
console.log(
  `In-process (setupServer), GET /v2.1/images/detail?limit=100 on ${smallRecords.length.toLocaleString('en')} images, ${REQUESTS} sequential fetches × ${ROUNDS} interleaved rounds (median, min–max)`,
);
console.log(
  `  createNovaImagesMock     ${spread(mockMs, 3)} ms/request   ${spread(ratios(mockMs, floorMs))}× the bare handler`,
);
console.log(`  bare msw handler         ${spread(floorMs, 3)} ms/request (the same bytes, pre-serialized)`);

// Creating a mock: records in memory (as a test passes them), and a dataset file path.
// As a test holds them: parsed JSON or generateDataset's output, plain objects of its own.
const largeRecords = (await readDatasetFile(large, 'editable')).records.map(
  (record) => structuredClone(record) as ImageRecord,
);
const largeText = readFileSync(large, 'utf8').length;
type Timed = 'records' | 'first page' | 'filtered' | 'file';
const creation: Record<Timed, number[]> = { records: [], 'first page': [], filtered: [], file: [] };
const creationCpu: Record<Timed, number[]> = { records: [], 'first page': [], filtered: [], file: [] };
/** Wall and CPU ms of one step: on a loaded machine the two part. */
async function timed<T>(kind: Timed, step: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await step();
  const used = process.cpuUsage(cpu);
  creation[kind].push(performance.now() - started);
  creationCpu[kind].push((used.user + used.system) / 1000);
  return result;
}
const creationLoad = loadavg()[0]?.toFixed(1);
for (let round = 0; round < ROUNDS; round++) {
  const created = await timed('records', () => createNovaImagesMock({ dataset: largeRecords }));
  // Each record is made from the values copied at creation when it is first read: the first
  // page makes its own, the first full scan (here a filter's first index) all the others.
  created.listen();
  await timed('first page', async () => (await fetch(PAGE)).arrayBuffer());
  await timed('filtered', async () => (await fetch(FILTERED_PAGE)).arrayBuffer());
  created.close();
  await timed('file', () => createNovaImagesMock({ dataset: large }));
}
/** Each round's creation and its first page, added: work left for the first read is counted. */
const together = (times: Record<Timed, number[]>) =>
  times.records.map((created, round) => created + (times['first page'][round] as number));
console.log(
  `\nCreating a mock on ${largeRecords.length.toLocaleString('en')} images (median, min–max of ${ROUNDS}; load average ${creationLoad} at the start, ${loadavg()[0]?.toFixed(1)} at the end)`,
);
console.log(
  `  from records in memory   ${spread(creation.records, 0)} ms wall, ${spread(creationCpu.records, 0)} ms CPU`,
);
console.log(
  `  then its first page      ${spread(creation['first page'], 0)} ms wall, ${spread(creationCpu['first page'], 0)} ms CPU (its 100 records made)`,
);
console.log(
  `  the two together         ${spread(together(creation), 0)} ms wall, ${spread(together(creationCpu), 0)} ms CPU`,
);
console.log(
  `  then a filtered page     ${spread(creation.filtered, 0)} ms wall, ${spread(creationCpu.filtered, 0)} ms CPU (property-os_distro: the first full scan makes every record)`,
);
console.log(
  `  from the dataset file    ${spread(creation.file, 0)} ms wall, ${spread(creationCpu.file, 0)} ms CPU (${(largeText / 2 ** 20).toFixed(0)} MiB)`,
);
