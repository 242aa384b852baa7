/**
 * Server benchmark on a 10,000-image `generate --seed 1` dataset: the detail page, show and a
 * metadata write through `serve`, against baselines in the same run — json-server 0.17.4 on the
 * same records (its own db file, saved on every write as json-server does) and bare node:http
 * sending the mock's own answers byte for byte. Then the view cache under alternating link
 * contexts, and the in-process runtime against a bare msw handler. Numbers, not pass/fail.
 *
 * The load comes from wrk when it is installed (`apt-get install wrk`), else from the node client
 * of support/load.ts; `--client wrk,node` measures with both in the same interleaved rounds.
 *
 *   npm run bench:server [-- --seconds 1 --rounds 5 --connections 32 --client wrk|node|wrk,node]
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PROJECT_ID } from '../mocks/options.ts';
import type { ImageRecord } from '../mocks/types.ts';
import { CLIENTS, type ClientName, clientsNamed } from './support/clients.ts';
import { datasetFile, ROOT } from './support/datasets.ts';
import { type HttpCall, load } from './support/load.ts';
import { cpuSeconds, startBenchTarget, startMock, type Target } from './support/processes.ts';
import { recordAnswer } from './support/record.ts';
import { quantile, ratios, spread } from './support/stats.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    client: { type: 'string' },
  },
});
const CLIENT_NAMES = clientsNamed(values.client);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const CONNECTIONS = Number(values.connections);
const COUNT = 10_000;
const startLoad = loadavg()[0]?.toFixed(1);

const records = readFileSync(datasetFile(COUNT), 'utf8')
  .split('\n')
  .slice(1, -2)
  .map((line) => JSON.parse(line.replace(/,$/, '')) as ImageRecord);
// An active image of the default project: the caller may show and write it.
const own = records.find(
  (record) => record.owner === DEFAULT_PROJECT_ID && record.status === 'active' && !record.os_hidden,
) as ImageRecord;
const json = { 'Content-Type': 'application/json' };
const CLIENT_LABEL: Record<ClientName, string> = {
  wrk: 'wrk (one thread)',
  node: 'the node client (bench/support/load.ts, in the benchmark process)',
};

interface Workload {
  name: string;
  mock: HttpCall;
  jsonServer: HttpCall;
}
const WORKLOADS: Workload[] = [
  {
    name: 'detail page (limit=100)',
    mock: { method: 'GET', path: '/v2.1/images/detail?limit=100' },
    jsonServer: { method: 'GET', path: '/images?_limit=100' },
  },
  {
    name: 'show',
    mock: { method: 'GET', path: `/v2.1/images/${own.id}` },
    jsonServer: { method: 'GET', path: `/images/${own.id}` },
  },
  {
    name: 'metadata write (POST)',
    mock: {
      method: 'POST',
      path: `/v2.1/images/${own.id}/metadata`,
      headers: json,
      body: JSON.stringify({ metadata: { bench: 'written' } }),
    },
    jsonServer: {
      method: 'PATCH',
      path: `/images/${own.id}`,
      headers: json,
      body: JSON.stringify({ properties: { ...own.properties, bench: 'written' } }),
    },
  },
];

// json-server saves every write into its db file: give it a copy of its own.
const jsonServerDb = join(tmpdir(), `nova-bench-json-server-${process.pid}.json`);
copyFileSync(datasetFile(COUNT, 'json-server'), jsonServerDb);
const mock = await startMock('nova-images-mock', datasetFile(COUNT));
const jsonServer = await startBenchTarget('json-server 0.17.4', 'json-server.ts', [jsonServerDb]);
const answers: Record<string, unknown> = {};
for (const workload of WORKLOADS) {
  answers[`${workload.mock.method} ${workload.mock.path}`] = await recordAnswer(mock.url, workload.mock);
}
const answersFile = join(tmpdir(), `nova-bench-answers-${process.pid}.json`);
writeFileSync(answersFile, JSON.stringify(answers));
const floor = await startBenchTarget('node:http', 'node-http.ts', [answersFile]);

interface Measured {
  rate: number;
  /** Server CPU ms per request. */
  cpuMs: number;
  p99: number;
  /** The load client's CPU ms per request. */
  clientMs: number;
}

/** Waits until the process has used no CPU for two clock ticks: what it still had in hand is done. */
async function idle(pid: number): Promise<void> {
  let last = cpuSeconds(pid);
  for (let quiet = 0; quiet < 2; ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = cpuSeconds(pid);
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}

async function measure(
  client: ClientName,
  target: Target,
  call: HttpCall,
  seconds: number,
): Promise<Measured> {
  const pid = target.child.pid as number;
  const cpuBefore = cpuSeconds(pid);
  let result = await CLIENTS[client](target.url, [call], { connections: CONNECTIONS, seconds });
  let cpu = cpuSeconds(pid) - cpuBefore;
  // wrk stops with requests in flight: let the server finish them before the next target runs.
  await idle(pid);
  // wrk stops at the time, answered or not: a server slower than a round (json-server's write,
  // about 10 a second) is measured again for long enough to answer each connection twice.
  if (result.requests < 2 * CONNECTIONS) {
    const longer = Math.min(10, Math.ceil((seconds * 2 * CONNECTIONS) / Math.max(1, result.requests)));
    const again = cpuSeconds(pid);
    result = await CLIENTS[client](target.url, [call], { connections: CONNECTIONS, seconds: longer });
    cpu = cpuSeconds(pid) - again;
    await idle(pid);
  }
  if (result.failures > 0)
    throw new Error(`${target.name}: ${result.failures} failed answers to ${call.path} (${client})`);
  return {
    rate: result.requests / result.seconds,
    cpuMs: (cpu * 1000) / result.requests,
    p99: result.p99,
    clientMs: (result.clientCpu * 1000) / result.requests,
  };
}

const rounds = new Map<string, Measured[]>();
const record = (key: string, value: Measured) => rounds.set(key, [...(rounds.get(key) ?? []), value]);
const targets: [string, Target, (workload: Workload) => HttpCall][] = [
  ['mock', mock, (workload) => workload.mock],
  ['json-server', jsonServer, (workload) => workload.jsonServer],
  ['node:http', floor, (workload) => workload.mock],
];
// wrk counts only statuses above 399 as failures: each call is first seen to get a 2xx.
for (const workload of WORKLOADS) {
  for (const [, target, call] of targets) {
    const { status } = await recordAnswer(target.url, call(workload));
    if (status < 200 || status > 299) throw new Error(`${target.name}: ${status} to ${call(workload).path}`);
  }
}
for (const client of CLIENT_NAMES)
  for (const workload of WORKLOADS)
    for (const [, target, call] of targets) await measure(client, target, call(workload), 0.3);
for (let round = 0; round < ROUNDS; round++) {
  for (const workload of WORKLOADS) {
    for (const client of CLIENT_NAMES)
      for (const [name, target, call] of targets)
        record(`${client} ${name} ${workload.name}`, await measure(client, target, call(workload), SECONDS));
  }
}

const series = (key: string, field: keyof Measured) =>
  (rounds.get(key) ?? []).map((measured) => measured[field]);
for (const client of CLIENT_NAMES) {
  console.log(
    `Throughput on ${COUNT.toLocaleString('en')} images, ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${SECONDS} s (median, min–max), load from ${CLIENT_LABEL[client]}; load average ${startLoad} at the start, ${loadavg()[0]?.toFixed(1)} at the end`,
  );
  for (const workload of WORKLOADS) {
    const of = (name: string) => `${client} ${name} ${workload.name}`;
    const rate = series(of('mock'), 'rate');
    const cpu = series(of('mock'), 'cpuMs');
    console.log(`\n${workload.name}`);
    console.log(
      `  mock         ${spread(rate, 0)} req/s   ${spread(ratios(rate, series(of('json-server'), 'rate')))}× json-server`,
    );
    console.log(
      `  server CPU   ${spread(
        cpu.map((ms) => ms * 1000),
        0,
      )} µs/request   ${spread(ratios(cpu, series(of('node:http'), 'cpuMs')))}× node:http`,
    );
    console.log(`  p99          ${spread(series(of('mock'), 'p99'))} ms`);
    console.log(
      `  the client   ${spread(
        series(of('mock'), 'clientMs').map((ms) => ms * 1000),
        1,
      )} µs CPU/request (node:http's load: ${spread(
        series(of('node:http'), 'clientMs').map((ms) => ms * 1000),
        1,
      )})`,
    );
    for (const baseline of ['json-server', 'node:http']) {
      console.log(
        `  ${baseline.padEnd(12)} ${spread(series(of(baseline), 'rate'), 0)} req/s, ${spread(
          series(of(baseline), 'cpuMs').map((ms) => ms * 1000),
          0,
        )} µs CPU/request, p99 ${spread(series(of(baseline), 'p99'))} ms`,
      );
    }
  }
  console.log('');
}

// ---------------------------------------------------------------- view cache under several link contexts
const pageAs = (host: string, project: string): HttpCall => ({
  method: 'GET',
  path: `/v2.1${project}/images/detail?limit=100`,
  headers: { Host: host },
});
const oneContext = [pageAs('compute.example', '')];
const fourContexts = [
  pageAs('compute.example', ''),
  pageAs('compute-b.example', ''),
  pageAs('compute.example', `/${DEFAULT_PROJECT_ID}`),
  pageAs('compute-b.example', `/${DEFAULT_PROJECT_ID}`),
];
const oneMs: number[] = [];
const fourMs: number[] = [];
const sequential = async (calls: HttpCall[]) => {
  const result = await load(mock.url, calls, { connections: 1, seconds: SECONDS / 2 });
  return quantile(result.latencies, 0.5);
};
await sequential(fourContexts);
for (let round = 0; round < ROUNDS; round++) {
  oneMs.push(await sequential(oneContext));
  fourMs.push(await sequential(fourContexts));
}
console.log('View cache: the detail page from one connection, ms per request (median, min–max)');
console.log(`  one Host and URL form                     ${spread(oneMs, 3)} ms`);
console.log(
  `  two Hosts × plain and project URLs, mixed ${spread(fourMs, 3)} ms   ${spread(ratios(fourMs, oneMs))}× one context`,
);

for (const target of [mock, jsonServer, floor]) target.stop();

// ---------------------------------------------------------------- in-process
console.log('');
execFileSync(
  process.execPath,
  ['--import', 'tsx', 'bench/in-process.ts', datasetFile(COUNT), datasetFile(100_000), String(ROUNDS)],
  { cwd: ROOT, stdio: 'inherit' },
);
