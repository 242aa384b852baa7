/** Servers under test as child processes, with what /proc says about their CPU time and memory. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ROOT } from './datasets.ts';

export interface Target {
  name: string;
  url: string;
  child: ChildProcess;
  /** ms from spawn until it printed its URL. */
  startMs: number;
  stop: () => void;
}

const running = new Set<ChildProcess>();
// However the benchmark ends, it leaves no server behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts `node --import tsx <args>` and resolves once its output matches `ready` (group 1: URL). */
export function startTarget(
  name: string,
  args: string[],
  ready: RegExp,
  timeoutMs = 900_000,
): Promise<Target> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk;
      const url = ready.exec(output)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      child.stdout?.off('data', read);
      child.stderr?.off('data', read);
      child.off('exit', exited);
      resolve({ name, url, child, startMs: performance.now() - started, stop: () => child.kill('SIGKILL') });
    };
    const exited = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it was ready:\n${output}`));
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', exited);
  });
}

/** `serve --dataset FILE --port 0`, as a user runs it. */
export function startMock(name: string, dataset: string, extra: string[] = []): Promise<Target> {
  return startTarget(
    name,
    ['scripts/cli.ts', 'serve', '--port', '0', '--dataset', dataset, ...extra],
    /at (http:\/\/[^\s/]+)\/v2\.1/,
  );
}

/** A process of bench/targets/, which prints its URL when it listens. */
export function startBenchTarget(name: string, script: string, args: string[]): Promise<Target> {
  return startTarget(name, [`bench/targets/${script}`, ...args], /^(http:\/\/\S+)$/m);
}

const TICKS_PER_SECOND = 100;

/** User + system CPU seconds the process has used. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident memory now and at its peak, MiB. */
export function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}
