/**
 * Scale benchmark: the mock on `generate --seed 1` datasets of 10k, 100k and 1M images, against
 * baselines measured in the same run — json-server 0.17.4 on the same records, and bare
 * node:http sending the mock's own answers byte for byte. Numbers, not pass/fail.
 *
 *   npm run bench:scale [-- --sizes 10000,100000,1000000 --rounds 5 --load-only]
 *
 * 1. Load: `serve --dataset FILE` and `data --dataset FILE` from spawn to first answer, and their
 *    RSS after load, in `--rounds` interleaved rounds; in-process, the heap of the loaded images and of the eight list indexes
 *    (bench/index-memory.ts).
 * 2. Filtered pages (`limit=100`, one connection): per-request time at each size, in interleaved
 *    rounds; the ratio of each size to the smallest, and to the node:http floor. Among them a
 *    second page, changes-since windows never asked for before, and a filter whose images the
 *    caller mostly may not list (another project's user's snapshots).
 * 3. Unlimited lists (`GET /v2.1/images`, no limit): first byte, whole body, RSS.
 *
 * `--load-only` stops after 1.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isListed } from '../mocks/glance/access.ts';
import { DEFAULT_PROJECT_ID } from '../mocks/options.ts';
import type { ImageRecord } from '../mocks/types.ts';
import { datasetFile, ROOT } from './support/datasets.ts';
import { type HttpCall, load } from './support/load.ts';
import {
  cpuSeconds,
  memoryMiB,
  startBenchTarget,
  startMock,
  startTarget,
  type Target,
} from './support/processes.ts';
import { recordAnswer } from './support/record.ts';
import { median, ratios, spread } from './support/stats.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '0.3' },
    'load-only': { type: 'boolean', default: false },
  },
});
const SIZES = (values.sizes as string).split(',').map(Number);
const ROUNDS = Number(values.rounds);
const SECONDS = Number(values.seconds);
/** json-server 0.17.4 reads its db into one string; past this it cannot start. */
const JSON_SERVER_MAX = 100_000;

const smallest = SIZES[0] as number;

// ---------------------------------------------------------------- load
async function firstAnswerMs(target: Target, path = '/v2.1/images?limit=1'): Promise<number> {
  const started = performance.now();
  const result = await load(target.url, [{ method: 'GET', path }], {
    connections: 1,
    seconds: 0,
    count: 1,
  });
  if (result.failures > 0) throw new Error(`${target.name}: first answer failed`);
  return target.startMs + (performance.now() - started);
}

// The zero point: serve on the 11-image bundled dataset.
const zero = await startMock('serve (bundled dataset)', 'api-samples');
const zeroMs = await firstAnswerMs(zero);
const zeroRss = memoryMiB(zero.child.pid as number).rss;
const zeroCpu = cpuSeconds(zero.child.pid as number);
zero.stop();

/** One start to the first answer: wall, the process's CPU, its RSS after load and at its peak. */
interface LoadRun {
  seconds: number;
  cpu: number;
  rss: number;
  peak: number;
}
async function loadRun(target: Target, path?: string): Promise<LoadRun> {
  const ms = await firstAnswerMs(target, path);
  const { rss, peak } = memoryMiB(target.child.pid as number);
  return { seconds: ms / 1000, cpu: cpuSeconds(target.child.pid as number), rss, peak };
}
/** The median run of each figure, with its spread over the rounds. */
function loadLine(size: number, runs: readonly LoadRun[], over: string): string {
  const of = (figure: keyof LoadRun) => runs.map((run) => run[figure]);
  return `${String(size).padStart(9)}  ${spread(of('seconds'))} s  ${spread(of('cpu'))} s CPU  ${spread(of('rss'), 0)} MiB (peak ${spread(of('peak'), 0)} MiB)   ${over}`;
}

const mocks = new Map<number, Target>();
console.log(
  `Load: serve --dataset FILE (dataset layout), spawn to first answer (wall, and the server's CPU); RSS after load; median (min–max) of ${ROUNDS} interleaved rounds; load average ${loadavg()[0]?.toFixed(1)}`,
);
console.log(
  `images   first answer, CPU, RSS after load (peak); per 100k images over the bundled dataset's ${(zeroMs / 1000).toFixed(2)} s, ${zeroCpu.toFixed(2)} s CPU, ${zeroRss.toFixed(0)} MiB`,
);
/** `data --dataset FILE`: json-server over the same file. */
const startData = (file: string) =>
  startTarget(
    'data',
    ['scripts/cli.ts', 'data', '--port', '0', '--dataset', file],
    /at (http:\/\/[^\s/]+)\/images/,
  );
const serveRuns = new Map<number, LoadRun[]>(SIZES.map((size) => [size, []]));
const dataRuns = new Map<number, LoadRun[]>(SIZES.map((size) => [size, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const size of SIZES) {
    const file = datasetFile(size);
    const mock = await startMock(`mock ${size}`, file);
    serveRuns.get(size)?.push(await loadRun(mock));
    // The last round's server answers the filters below.
    if (round === ROUNDS - 1) mocks.set(size, mock);
    else mock.stop();
    const data = await startData(file);
    dataRuns.get(size)?.push(await loadRun(data, '/images?_limit=1'));
    data.stop();
  }
}
/** Each size's load line, its runs' medians per 100k images over `zero` (seconds, CPU seconds, MiB). */
function printLoads(runsOf: Map<number, LoadRun[]>, zero: [number, number, number], prefix = ''): void {
  for (const size of SIZES) {
    const runs = runsOf.get(size) as LoadRun[];
    const per = size / 100_000;
    const at = (figure: 'seconds' | 'cpu' | 'rss') => median(runs.map((run) => run[figure]));
    const [seconds, cpu, rss] = zero;
    console.log(
      loadLine(
        size,
        runs,
        `${prefix}${((at('seconds') - seconds) / per).toFixed(2)} s, ${((at('cpu') - cpu) / per).toFixed(2)} s CPU, ${((at('rss') - rss) / per).toFixed(0)} MiB`,
      ),
    );
  }
}
printLoads(serveRuns, [zeroMs / 1000, zeroCpu, zeroRss]);
console.log(
  `\nLoad: data --dataset FILE (json-server), spawn to first answer (GET /images?_limit=1), CPU, RSS after load; load average ${loadavg()[0]?.toFixed(1)}`,
);
printLoads(dataRuns, [0, 0, 0], 'per 100k: ');

console.log(
  '\nHeap (and array buffers) after a full GC, in-process, loaded as serve loads them: the loaded images, the first read, a full scan that makes every record (a Glance list sorted by name, the sort included), then the eight indexes the filters below build, and each index',
);
for (const size of SIZES) {
  execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'bench/index-memory.ts', datasetFile(size)],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}

if (values['load-only']) {
  for (const mock of mocks.values()) mock.stop();
  process.exit(0);
}

// ---------------------------------------------------------------- filters
// The smallest dataset read whole (not past the load: 1M is over V8's longest string).
const firstRecords = (readFileSync(datasetFile(smallest), 'utf8').split('\n').slice(1, -2) as string[]).map(
  (line) => JSON.parse(line.replace(/,$/, '')) as ImageRecord,
);
/** Values that occur in the smallest dataset (so in every one), and that the caller can list. */
const listed = firstRecords.filter((record) => record.status === 'active' && record.visibility === 'public');
const snapshot =
  firstRecords.find(
    (record) => record.properties.image_type === 'snapshot' && record.visibility === 'public',
  ) ?? firstRecords.find((record) => record.properties.instance_uuid !== undefined);
const newest = firstRecords.map((record) => Date.parse(record.updated_at)).reduce((a, b) => Math.max(a, b));
const byMinRam = new Map<number, number>();
for (const record of firstRecords) byMinRam.set(record.min_ram, (byMinRam.get(record.min_ram) ?? 0) + 1);
const rareMinRam = [...byMinRam].sort((a, b) => a[1] - b[1])[0]?.[0] ?? 0;
/** The user whose images the caller may least list: other projects' snapshots, a few shared with it. */
const byUser = new Map<string, { images: number; listed: number }>();
for (const record of firstRecords) {
  const user = record.properties.user_id;
  if (user === undefined || user === null) continue;
  const counts = byUser.get(user) ?? { images: 0, listed: 0 };
  counts.images++;
  if (isListed(record, { projectId: DEFAULT_PROJECT_ID })) counts.listed++;
  byUser.set(user, counts);
}
const [strangerUser, strangerCounts] = [...byUser]
  .filter(([, counts]) => counts.listed > 0)
  .sort((a, b) => a[1].listed / a[1].images - b[1].listed / b[1].images)[0] ?? ['', { images: 0, listed: 0 }];
const since = (ms: number) => new Date(ms).toISOString();
const lastDays = (days: number) => since(newest - days * 86_400_000);
const lastDay = lastDays(1);

interface Filter {
  label: string;
  /** The queries, sent in turn: several, each a new changes-since window, so none is asked twice running. */
  nova: string[];
  jsonServer: string;
  /** Ask for the second page: the first page's last image as the marker, at each size. */
  secondPage?: boolean;
  /** The list asked, when not Nova's detail page. */
  list?: string;
}
const FILTERS: Filter[] = [
  { label: 'none', nova: [''], jsonServer: '' },
  {
    label: 'name= (one image)',
    nova: [`name=${encodeURIComponent(listed[7]?.name ?? '')}`],
    jsonServer: `name=${encodeURIComponent(listed[7]?.name ?? '')}`,
  },
  { label: 'status=importing', nova: ['status=importing'], jsonServer: 'status=importing' },
  {
    label: 'changes-since (last day)',
    nova: [`changes-since=${lastDay}`],
    jsonServer: `updated_at_gte=${lastDay.slice(0, 19)}Z`,
  },
  {
    // A window wide enough that the second page is full at every size.
    label: 'changes-since (3 days), page 2',
    nova: [`changes-since=${lastDays(3)}`],
    jsonServer: `updated_at_gte=${lastDays(3).slice(0, 19)}Z&_page=2`,
    secondPage: true,
  },
  {
    label: 'changes-since, new window each',
    nova: Array.from(
      { length: 64 },
      (_, second) => `changes-since=${since(newest - 86_400_000 - second * 1000)}`,
    ),
    jsonServer: `updated_at_gte=${lastDay.slice(0, 19)}Z`,
  },
  {
    label: `minRam=${rareMinRam} (rarest)`,
    nova: [`minRam=${rareMinRam}`],
    jsonServer: `min_ram=${rareMinRam}`,
  },
  { label: 'minDisk=40', nova: ['minDisk=40'], jsonServer: 'min_disk=40' },
  {
    label: 'server= (one server)',
    nova: [`server=${snapshot?.properties.instance_uuid}`],
    jsonServer: `properties.instance_uuid=${snapshot?.properties.instance_uuid}`,
  },
  { label: 'type=backup', nova: ['type=backup'], jsonServer: 'properties.image_type=backup' },
  {
    // Nova strips `property-` with lstrip: the filter is `s_distro`, which no image has (§11.2).
    label: 'property-os_distro=cirros',
    nova: ['property-os_distro=cirros'],
    jsonServer: 'properties.os_distro=cirros',
  },
  {
    label: `property-user_id= (${strangerCounts.listed} of ${strangerCounts.images} listable)`,
    nova: [`property-user_id=${strangerUser}`],
    jsonServer: `properties.user_id=${strangerUser}`,
  },
  {
    label: "Glance's own list, page 2",
    nova: [''],
    jsonServer: '_page=2',
    secondPage: true,
    list: '/image/v2/images',
  },
];
const detailPath = (query: string, list = '/v2.1/images/detail') =>
  `${list}?limit=100${query ? `&${query}` : ''}`;
/** The second pages' markers, by size and filter. */
const markers = new Map<string, string>();
const novaCalls = (filter: Filter, size: number): HttpCall[] =>
  filter.nova.map((query) => {
    const marker = filter.secondPage ? markers.get(`${size} ${filter.label}`) : undefined;
    const page = [query, marker === undefined ? '' : `marker=${marker}`].filter(Boolean).join('&');
    return { method: 'GET', path: detailPath(page, filter.list) };
  });
const jsonServerCall = (filter: Filter): HttpCall => ({
  method: 'GET',
  path: `/images?_limit=100${filter.jsonServer ? `&${filter.jsonServer}` : ''}`,
});
const imagesOf = (body: string) =>
  (JSON.parse(Buffer.from(body, 'base64').toString()) as { images: { id: string }[] }).images;

// The floor at each size sends the mock's own answers; json-server serves the same records.
const floors = new Map<number, Target>();
/** Images on each page: a sparse filter's page is fuller on a larger dataset, and costs more for it. */
const pageSizes = new Map<string, number>();
const jsonServers = new Map<number, Target>();
for (const size of SIZES) {
  const mock = mocks.get(size) as Target;
  const answers: Record<string, unknown> = {};
  for (const filter of FILTERS) {
    if (filter.secondPage) {
      const first = await recordAnswer(mock.url, {
        method: 'GET',
        path: detailPath(filter.nova[0] ?? '', filter.list),
      });
      const last = imagesOf(first.body).at(-1);
      if (last !== undefined) markers.set(`${size} ${filter.label}`, last.id);
    }
    for (const call of novaCalls(filter, size)) {
      const answer = await recordAnswer(mock.url, call);
      answers[`GET ${call.path}`] = answer;
      pageSizes.set(`${size} ${filter.label}`, imagesOf(answer.body).length);
    }
  }
  const file = join(tmpdir(), `nova-bench-floor-${process.pid}-${size}.json`);
  writeFileSync(file, JSON.stringify(answers));
  floors.set(size, await startBenchTarget(`node:http ${size}`, 'node-http.ts', [file]));
  if (size <= JSON_SERVER_MAX) {
    jsonServers.set(
      size,
      await startBenchTarget(`json-server ${size}`, 'json-server.ts', [datasetFile(size, 'json-server')]),
    );
  }
}

/** Median ms per request over SECONDS of sequential requests, the calls sent in turn. */
async function perRequestMs(target: Target, calls: HttpCall[]): Promise<number> {
  const result = await load(target.url, calls, { connections: 1, seconds: SECONDS });
  if (result.failures > 0) throw new Error(`${target.name}: ${calls[0]?.path} failed`);
  return median(result.latencies);
}

type Series = Map<string, number[]>;
const series: Series = new Map();
const push = (key: string, value: number) => series.set(key, [...(series.get(key) ?? []), value]);
// Warm-up: every index and view cache a first request builds.
for (const filter of FILTERS)
  for (const size of SIZES) await perRequestMs(mocks.get(size) as Target, novaCalls(filter, size));
for (let round = 0; round < ROUNDS; round++) {
  for (const filter of FILTERS) {
    for (const size of SIZES) {
      const calls = novaCalls(filter, size);
      push(`mock ${size} ${filter.label}`, await perRequestMs(mocks.get(size) as Target, calls));
      push(`floor ${size} ${filter.label}`, await perRequestMs(floors.get(size) as Target, calls));
      const jsonServer = jsonServers.get(size);
      if (jsonServer)
        push(`json-server ${size} ${filter.label}`, await perRequestMs(jsonServer, [jsonServerCall(filter)]));
    }
  }
}

const get = (key: string) => series.get(key) ?? [];
console.log(
  `\nFiltered pages: GET /v2.1/images/detail?limit=100&FILTER, one connection, ms per request (median of ${ROUNDS} interleaved rounds, min–max); load average ${loadavg()[0]?.toFixed(1)}`,
);
for (const filter of FILTERS) {
  console.log(`\n${filter.label}`);
  for (const size of SIZES) {
    const mock = get(`mock ${size} ${filter.label}`);
    const floor = get(`floor ${size} ${filter.label}`);
    const jsonServer = get(`json-server ${size} ${filter.label}`);
    const parts = [
      `  ${String(size).padStart(9)}: ${String(pageSizes.get(`${size} ${filter.label}`)).padStart(3)} images, mock ${spread(mock, 3)} ms`,
      `${spread(ratios(mock, get(`mock ${smallest} ${filter.label}`)))}× the ${smallest} mock`,
      `${spread(ratios(mock, floor))}× node:http (${spread(floor, 3)} ms)`,
    ];
    if (jsonServer.length > 0) parts.push(`json-server ${spread(jsonServer, 3)} ms`);
    console.log(parts.join('  '));
  }
}

// ---------------------------------------------------------------- unlimited lists
function unlimitedList(url: string): Promise<{ firstByteMs: number; totalMs: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstByteMs = Number.NaN;
    let bytes = 0;
    request(`${url}/v2.1/images`, (response) => {
      response.on('data', (chunk: Buffer) => {
        if (bytes === 0) firstByteMs = performance.now() - started;
        bytes += chunk.length;
      });
      response.on('end', () => resolve({ firstByteMs, totalMs: performance.now() - started, bytes }));
    })
      .on('error', reject)
      .end();
  });
}
console.log('\nUnlimited list: GET /v2.1/images (no limit)');
for (const size of SIZES) {
  const mock = mocks.get(size) as Target;
  const before = memoryMiB(mock.child.pid as number);
  const result = await unlimitedList(mock.url);
  const after = memoryMiB(mock.child.pid as number);
  console.log(
    `  ${String(size).padStart(9)}: ${(result.bytes / 2 ** 20).toFixed(1)} MiB, first byte ${result.firstByteMs.toFixed(0)} ms, whole ${(result.totalMs / 1000).toFixed(2)} s, RSS ${before.rss.toFixed(0)} → ${after.rss.toFixed(0)} MiB (peak ${before.peak.toFixed(0)} → ${after.peak.toFixed(0)} MiB)`,
  );
}

for (const target of [...mocks.values(), ...floors.values(), ...jsonServers.values()]) target.stop();
