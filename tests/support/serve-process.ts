/**
 * Runs the command line (`nova-images-mock`, from scripts/cli.ts through tsx) as a child process
 * for tests: to its exit (`runCli`), or as a server on 127.0.0.1 until stopped (`startServe`,
 * `useServe`, `startCli` for `data`).
 */
import { type ChildProcess, type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = ['--import', 'tsx', 'scripts/cli.ts'];

/** `nova-images-mock <args>` to its exit (killed after `timeoutMs`), its output as text. */
export function runCli(args: string[], timeoutMs = 20_000): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs });
}

export interface ServeProcess {
  /** e.g. `http://127.0.0.1:40123` */
  url: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM (SIGKILL after 5 s), then the exit code. */
  stop: () => Promise<number | null>;
}

/** Starts `serve --port 0 <args>` and resolves once it printed its URL (within `timeoutMs`). */
export function startServe(args: string[], timeoutMs = 20_000): Promise<ServeProcess> {
  return startCli(['serve', '--port', '0', ...args], /at (http:\/\/[^\s/]+)\/v2\.1/, timeoutMs);
}

/**
 * Starts `nova-images-mock <args>` and resolves once its output matched `url` (within
 * `timeoutMs`), with the URL the pattern's first group took.
 */
export function startCli(args: string[], url: RegExp, timeoutMs = 20_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nova-images-mock ${args[0]} did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = url.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve({
        url: match[1],
        child,
        output: () => output,
        stop: async () => {
          child.kill('SIGTERM');
          // A server that cannot run its signal handler (a test caught it stuck) is not left behind.
          const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
          const code = await exited;
          clearTimeout(kill);
          return code;
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nova-images-mock ${args[0]} exited with ${code} before listening:\n${output}`));
    });
  });
}

/**
 * `startServe(args)` for the tests of one describe block (or file): started before them, stopped
 * after. Its fields are read when a test or a later hook runs (the server has started by then).
 */
export function useServe(args: string[]): ServeProcess {
  let served: ServeProcess | undefined;
  beforeAll(async () => {
    served = await startServe(args);
  }, 30_000);
  afterAll(async () => {
    await served?.stop();
  });
  const started = () => {
    if (served === undefined) throw new Error('serve has not started');
    return served;
  };
  return {
    get url() {
      return started().url;
    },
    get child() {
      return started().child;
    },
    output: () => started().output(),
    stop: () => started().stop(),
  };
}

/** The resident memory of a running serve process, from /proc (Linux). */
export function rssOf(served: ServeProcess): number {
  const status = readFileSync(`/proc/${served.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) * 1024;
}
