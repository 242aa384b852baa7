/**
 * Server benchmark: `GET /v2.1/images/detail?limit=100` on a 10k-image dataset, against
 * baselines measured in the same run — the MSW floor (a bare msw handler with a pre-serialized
 * body through the same node:http adapter; also in a variant that declares Content-Length) and
 * plain node:http. Numbers, not pass/fail.
 *
 *   npm run bench:server [-- --seconds 5 --connections 16]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDataset } from '../generators/index.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '16' } },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const PATH = '/v2.1/images/detail?limit=100';

function startTarget(kind: string, datasetFile: string, bodyFile: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/server-target.ts', kind, datasetFile, bodyFile],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise<{ url: string; stop: () => void }>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) =>
      resolve({ url: chunk.toString().trim(), stop: () => child.kill() }),
    );
    child.once('exit', (code) => reject(new Error(`${kind} exited with ${code}`)));
  });
}

function get(agent: Agent, url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        response.statusCode === 200
          ? resolve(Buffer.concat(chunks))
          : reject(new Error(`${response.statusCode}`)),
      );
    })
      .on('error', reject)
      .end();
  });
}

/** Requests per second with CONNECTIONS keep-alive connections for `seconds`. */
async function measure(url: string, seconds: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await get(agent, url);
      done += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  agent.destroy();
  return done / ((performance.now() - started) / 1000);
}

const dir = mkdtempSync(join(tmpdir(), 'nova-bench-'));
const datasetFile = join(dir, 'dataset.json');
const bodyFile = join(dir, 'body.json');
writeFileSync(datasetFile, JSON.stringify({ images: generateDataset({ seed: 1, count: 10_000 }) }));

const mock = await startTarget('mock', datasetFile, bodyFile);
// The baselines serve the mock's own answer, byte for byte.
const body = await get(new Agent(), `${mock.url}${PATH}`);
writeFileSync(bodyFile, body);
const floor = await startTarget('msw-floor', datasetFile, bodyFile);
const floorWithLength = await startTarget('msw-floor-length', datasetFile, bodyFile);
const plain = await startTarget('node-http', datasetFile, bodyFile);
const targets = [
  ['node:http', plain],
  ['msw floor', floor],
  ['msw floor + length', floorWithLength],
  ['nova-images-mock', mock],
] as const;

// Interleaved rounds, so that whatever drifts during the run (the client's heap, the machine's
// other load) weighs on every target alike; each result is its median round.
const ROUNDS = 5;
const rounds = new Map<string, number[]>(targets.map(([name]) => [name, []]));
for (const [, target] of targets) await measure(`${target.url}${PATH}`, 0.5);
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, target] of targets)
    rounds.get(name)?.push(await measure(`${target.url}${PATH}`, SECONDS / ROUNDS));
}
for (const [, target] of targets) target.stop();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const results = Object.fromEntries([...rounds].map(([name, rates]) => [name, median(rates)]));

const floorRate = results['msw floor'] ?? 1;
console.log(
  `GET ${PATH} on 10,000 images (${body.byteLength} bytes), ${CONNECTIONS} connections, ${SECONDS}s each in ${ROUNDS} interleaved rounds (medians)`,
);
for (const [name, rate] of Object.entries(results)) {
  console.log(
    `${name.padEnd(20)} ${rate.toFixed(0).padStart(7)} req/s   ${(rate / floorRate).toFixed(2)}× msw floor`,
  );
}
