/**
 * Server benchmark on a 10,000-image `generate --seed 1` dataset: the detail page, show and a
 * metadata write through `serve`, against baselines in the same run — json-server 0.17.4 on the
 * same records (its own db file, saved on every write as json-server does) and bare node:http
 * sending the mock's own answers byte for byte. Then the view cache under alternating link
 * contexts, and the in-process runtime against a bare msw handler. Numbers, not pass/fail.
 *
 *   npm run bench:server [-- --seconds 1 --rounds 5 --connections 32]
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PROJECT_ID } from '../mocks/options.ts';
import type { ImageRecord } from '../mocks/types.ts';
import { datasetFile, ROOT } from './support/datasets.ts';
import { type HttpCall, type LoadResult, load } from './support/load.ts';
import { cpuSeconds, startBenchTarget, startMock, type Target } from './support/processes.ts';
import { recordAnswer } from './support/record.ts';
import { quantile, ratios, spread } from './support/stats.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
  },
});
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
}

async function measure(target: Target, call: HttpCall, seconds: number): Promise<Measured> {
  const pid = target.child.pid as number;
  const cpuBefore = cpuSeconds(pid);
  const result: LoadResult = await load(target.url, [call], { connections: CONNECTIONS, seconds });
  const cpu = cpuSeconds(pid) - cpuBefore;
  if (result.failures > 0)
    throw new Error(`${target.name}: ${result.failures} failed answers to ${call.path}`);
  return {
    rate: result.requests / result.seconds,
    cpuMs: (cpu * 1000) / result.requests,
    p99: quantile(result.latencies, 0.99),
  };
}

const rounds = new Map<string, Measured[]>();
const record = (key: string, value: Measured) => rounds.set(key, [...(rounds.get(key) ?? []), value]);
const targets: [string, Target, (workload: Workload) => HttpCall][] = [
  ['mock', mock, (workload) => workload.mock],
  ['json-server', jsonServer, (workload) => workload.jsonServer],
  ['node:http', floor, (workload) => workload.mock],
];
for (const workload of WORKLOADS)
  for (const [, target, call] of targets) await measure(target, call(workload), 0.3);
for (let round = 0; round < ROUNDS; round++) {
  for (const workload of WORKLOADS) {
    for (const [name, target, call] of targets)
      record(`${name} ${workload.name}`, await measure(target, call(workload), SECONDS));
  }
}

const series = (key: string, field: keyof Measured) =>
  (rounds.get(key) ?? []).map((measured) => measured[field]);
console.log(
  `Throughput on ${COUNT.toLocaleString('en')} images, ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${SECONDS} s (median, min–max); load average ${startLoad} at the start, ${loadavg()[0]?.toFixed(1)} at the end`,
);
for (const workload of WORKLOADS) {
  const rate = series(`mock ${workload.name}`, 'rate');
  const cpu = series(`mock ${workload.name}`, 'cpuMs');
  console.log(`\n${workload.name}`);
  console.log(
    `  mock         ${spread(rate, 0)} req/s   ${spread(ratios(rate, series(`json-server ${workload.name}`, 'rate')))}× json-server`,
  );
  console.log(
    `  server CPU   ${spread(
      cpu.map((ms) => ms * 1000),
      0,
    )} µs/request   ${spread(ratios(cpu, series(`node:http ${workload.name}`, 'cpuMs')))}× node:http`,
  );
  console.log(`  p99          ${spread(series(`mock ${workload.name}`, 'p99'))} ms`);
  for (const baseline of ['json-server', 'node:http']) {
    const key = `${baseline} ${workload.name}`;
    console.log(
      `  ${baseline.padEnd(12)} ${spread(series(key, 'rate'), 0)} req/s, ${spread(
        series(key, 'cpuMs').map((ms) => ms * 1000),
        0,
      )} µs CPU/request, p99 ${spread(series(key, 'p99'))} ms`,
    );
  }
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
console.log('\nView cache: the detail page from one connection, ms per request (median, min–max)');
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
