/**
 * `npm run bench:soak [-- --seconds N]`: five minutes (default) of mixed traffic against the
 * standalone server — lists, shows, metadata reads and writes, 404s, injected errors, Keystone
 * log-ins, control-plane calls, deletes undone by resets — sampling the server's RSS and its heap
 * after a full GC every 15 s. A warm-up first fills what is bounded by design (the journal, the
 * token store up to its cap, the view caches), so the samples show the steady state: the heap after
 * GC must stay flat (within 10% of the first sample).
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { ROOT } from './support/datasets.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '300' } } });
const SECONDS = Number(values.seconds);
const SAMPLE_EVERY_MS = 15_000;
const CONNECTIONS = 8;
const MiB = 1024 * 1024;

interface Sample {
  rss: number;
  heapUsed: number;
}

const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/targets/soak-server.ts'], {
  cwd: ROOT,
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
});
const url = await new Promise<string>((resolve) => {
  child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
});

const sample = () =>
  new Promise<Sample>((resolve) => {
    child.once('message', (message) => resolve(message as Sample));
    child.send('sample');
  });

const images = (
  (await (await fetch(`${url}/v2.1/images`)).json()) as { images: { id: string }[] }
).images.map((image) => image.id);
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const json = { 'content-type': 'application/json' };
const LOGIN = JSON.stringify({
  auth: { identity: { methods: ['password'], password: { user: { name: 'soak', password: 'x' } } } },
});

/** One request of the mix, by weight. */
const MIX: [number, () => [string, RequestInit?]][] = [
  [20, () => ['/v2.1/images/detail?limit=5']],
  [10, () => [`/v2.1/images?limit=3&marker=${pick(images)}`]],
  [20, () => [`/v2.1/images/${pick(images)}`]],
  [10, () => [`/v2.1/images/${pick(images)}/metadata`]],
  [
    10,
    () => {
      const key = `k${Math.floor(Math.random() * 50)}`;
      return [
        `/v2.1/images/${pick(images)}/metadata/${key}`,
        { method: 'PUT', headers: json, body: JSON.stringify({ meta: { [key]: `${Math.random()}` } }) },
      ];
    },
  ],
  [
    5,
    () => [`/v2.1/images/${pick(images)}/metadata/k${Math.floor(Math.random() * 50)}`, { method: 'DELETE' }],
  ],
  [5, () => [`/v2.1/images/${crypto.randomUUID()}`]],
  [5, () => ['/v2.1/images', { headers: { 'x-mock-error': 'images.list=503' } }]],
  [3, () => ['/identity/v3/auth/tokens', { method: 'POST', headers: json, body: LOGIN }]],
  [2, () => ['/__mock/errors', { method: 'POST', headers: json, body: '{"rule": "images.show=404x1"}' }]],
  [2, () => ['/__mock/requests']],
  [1, () => [`/v2.1/images/${pick(images)}`, { method: 'DELETE' }]],
  [1, () => ['/__mock/reset', { method: 'POST' }]],
];
const TOTAL_WEIGHT = MIX.reduce((sum, [weight]) => sum + weight, 0);
function nextCall(): [string, RequestInit?] {
  let draw = Math.random() * TOTAL_WEIGHT;
  for (const [weight, call] of MIX) {
    draw -= weight;
    if (draw < 0) return call();
  }
  return ['/v2.1/images'];
}

let requests = 0;
let unexpected5xx = 0;
async function drive(until: number): Promise<void> {
  while (Date.now() < until) {
    const [path, init] = nextCall();
    const response = await fetch(`${url}${path}`, init);
    await response.arrayBuffer();
    requests++;
    const injected = new Headers(init?.headers).has('x-mock-error');
    if (response.status >= 500 && !injected) unexpected5xx++;
  }
}

// Warm-up: the token store to its 10,000 cap, the journal to its 1,000 entries, every view cached.
const warmStart = Date.now();
await Promise.all(
  Array.from({ length: CONNECTIONS }, async () => {
    for (let n = 0; n < 1_300; n++) {
      await (
        await fetch(`${url}/identity/v3/auth/tokens`, { method: 'POST', headers: json, body: LOGIN })
      ).arrayBuffer();
    }
  }),
);
await Promise.all(Array.from({ length: CONNECTIONS }, () => drive(Date.now() + 20_000)));
process.stdout.write(
  `warm-up ${Math.round((Date.now() - warmStart) / 1000)} s; then ${SECONDS} s of mixed traffic, ${CONNECTIONS} connections\n`,
);

const samples: Sample[] = [await sample()];
const started = Date.now();
const end = started + SECONDS * 1000;
const traffic = Promise.all(Array.from({ length: CONNECTIONS }, () => drive(end)));
const print = (at: number, s: Sample) =>
  process.stdout.write(
    `${String(Math.round(at / 1000)).padStart(5)} s  rss ${(s.rss / MiB).toFixed(1).padStart(7)} MiB  heap after GC ${(s.heapUsed / MiB).toFixed(2).padStart(7)} MiB  ${requests} requests\n`,
  );
print(0, samples[0] as Sample);
while (Date.now() < end) {
  await new Promise((resolve) => setTimeout(resolve, Math.min(SAMPLE_EVERY_MS, end - Date.now())));
  const taken = await sample();
  samples.push(taken);
  print(Date.now() - started, taken);
}
await traffic;
const heaps = samples.map((s) => s.heapUsed);
const first = heaps[0] as number;
const last = heaps[heaps.length - 1] as number;
const spread = (Math.max(...heaps) - Math.min(...heaps)) / first;
process.stdout.write(
  `${requests} requests in ${SECONDS} s (${Math.round(requests / SECONDS)} req/s, ${unexpected5xx} unexpected 5xx); heap after GC ${(first / MiB).toFixed(2)} → ${(last / MiB).toFixed(2)} MiB ` +
    `(${(((last - first) / first) * 100).toFixed(1)}%, spread ${(spread * 100).toFixed(1)}%): ${Math.abs(last - first) / first <= 0.1 ? 'flat within 10%' : 'NOT flat'}\n`,
);
child.kill('SIGTERM');
