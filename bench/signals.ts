/**
 * `npm run bench:signals [-- --rounds N]`: how long `npm start`, `npx nova-images-mock serve` and
 * the bin take to stop after SIGTERM or SIGINT to the PID a shell gets, with a delayed request in
 * flight (`--error images.list=delay~20000`): the time until that process exits, until the port
 * refuses connections, and what became of the delayed request. Under `npx` the server is not that
 * PID (npm → `sh -c` → node), so the port's closing is the figure that counts; only SIGTERM is
 * sent there (dash holds a lone SIGINT until its child exits: README "Options"), and SIGINT with
 * bash as the script shell.
 * Needs the built bin (`npm run build`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './support/datasets.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const ROUNDS = Number(values.rounds);
const FLAGS = ['--port', '0', '--error', 'images.list=delay~20000'];
const LAUNCHERS: [string, string, string[], NodeJS.Signals[]][] = [
  ['npm start', 'npm', ['start', '--silent', '--', ...FLAGS], ['SIGTERM', 'SIGINT']],
  ['npx nova-images-mock serve', 'npx', ['--offline', 'nova-images-mock', 'serve', ...FLAGS], ['SIGTERM']],
  [
    'npx --script-shell=bash nova-images-mock serve',
    'npx',
    ['--script-shell=bash', '--offline', 'nova-images-mock', 'serve', ...FLAGS],
    ['SIGINT'],
  ],
  ['the bin', './dist/scripts/cli.js', ['serve', ...FLAGS], ['SIGTERM', 'SIGINT']],
];
// npx links the project into its cache: a cache of its own keeps a stale link out.
const npxCache = mkdtempSync(join(tmpdir(), 'nova-bench-signals-'));

/** Whether a process of the group is still running (a zombie has exited; init reaps it). */
function groupRunning(pgid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(group) === pgid && state !== 'Z') return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a new connection to the port is refused (the server no longer listens). */
function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

async function refusedAt(url: string, since: number): Promise<number> {
  while (performance.now() - since < 10_000) {
    if (await refused(url)) return performance.now() - since;
    await pause(2);
  }
  return Number.NaN;
}

interface Stop {
  /** ms from the signal to the PID's exit */
  exit: number;
  /** ms from the signal until the port refuses connections */
  refused: number;
  /** what became of the delayed request */
  delayed: string;
  /** whether a process of the group was still running afterwards */
  left: boolean;
}

/** One launch and stop. */
async function stopOnce(command: string, args: string[], signal: NodeJS.Signals): Promise<Stop> {
  const child = spawn(command, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_cache: npxCache },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`${command} ${args.join(' ')} exited (${code}):\n${output}`)),
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /at (http:\/\/[^\s/]+)\/v2\.1/.exec(output)?.[1];
      if (found !== undefined) resolve(found);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
  let sent = 0;
  const delayed = fetch(`${url}/v2.1/images`).then(
    async (response) => {
      await response.arrayBuffer();
      return `answered ${response.status} after ${Math.round(performance.now() - sent)} ms`;
    },
    () => `closed after ${Math.round(performance.now() - sent)} ms`,
  );
  // The delayed request has reached the server once the journal (never delayed) answers.
  await (await fetch(`${url}/__mock/requests`)).arrayBuffer();
  await pause(100);
  const exited = new Promise<number>((resolve) => child.once('exit', () => resolve(performance.now())));
  sent = performance.now();
  child.kill(signal);
  const refused = await refusedAt(url, sent);
  const exit = (await exited) - sent;
  await pause(300);
  const left = child.pid !== undefined && groupRunning(child.pid);
  if (child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is gone
    }
  }
  return { exit, refused, delayed: await delayed, left };
}

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
process.stdout.write(`load average ${load()}; ${ROUNDS} rounds each\n`);
for (const [name, command, args, signals] of LAUNCHERS) {
  for (const signal of signals) {
    const runs: Stop[] = [];
    for (let round = 0; round < ROUNDS; round++) runs.push(await stopOnce(command, args, signal));
    const worst = (key: 'exit' | 'refused') => Math.round(Math.max(...runs.map((run) => run[key])));
    const median = (key: 'exit' | 'refused') =>
      Math.round(runs.map((run) => run[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)] as number);
    process.stdout.write(
      `${name}, ${signal}: PID exits in ${median('exit')} ms (worst ${worst('exit')}), port refuses in ` +
        `${median('refused')} ms (worst ${worst('refused')}); delayed request ${runs.map((run) => run.delayed).join(', ')}` +
        `${runs.some((run) => run.left) ? '; A PROCESS WAS LEFT RUNNING' : ''}\n`,
    );
  }
}
process.stdout.write(`load average ${load()}\n`);
rmSync(npxCache, { recursive: true, force: true });
