// `npm start`, `npx nova-images-mock serve` and the bin stop when the PID a shell gets is sent
// SIGINT or SIGTERM (the README's promise), with real processes: npm runs scripts through `sh -c`,
// which does not pass signals on. Each launcher runs in its own process group, which the test
// kills whatever happens, so a failure leaves no server behind.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { rawRequest } from './support/raw-http.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
// Time allowed for the whole chain to exit: the promise is a second; the machine may be loaded.
const EXIT_BOUND_MS = 5_000;

interface Launched {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
}

// npx links the project into its cache with the bin it had then: a cache of its own keeps a stale
// link (from before a bin moved) out of the test.
const npxCache = mkdtempSync(join(tmpdir(), 'nova-signals-npx-'));
afterAll(() => rmSync(npxCache, { recursive: true, force: true }));

const groups: number[] = [];
afterEach(() => {
  for (const pid of groups.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // the group is gone already
    }
  }
});

function launch(command: string, args: string[]): Promise<Launched> {
  const child = spawn(command, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_cache: npxCache },
  });
  if (child.pid !== undefined) groups.push(child.pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /at (http:\/\/[^\s/]+)\/v2\.1/.exec(output)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({ child, url, exited });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}

/** Whether the server stops accepting connections within `ms` (it may close just after npm exits). */
async function closesWithin(url: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
    } catch (error) {
      if (((error as Error).cause as NodeJS.ErrnoException | undefined)?.code === 'ECONNREFUSED') return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** Exits of the launcher within the bound, or 'still running'. */
function exitWithin(launched: Launched, ms: number): Promise<'exited' | 'still running'> {
  return Promise.race([
    launched.exited.then(() => 'exited' as const),
    new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), ms)),
  ]);
}

// npx runs the bin below `sh -c` too, and dash waits out a SIGINT sent to it alone while its child
// runs, so npx gets SIGINT the way a terminal's Ctrl-C sends it: to the whole process group.
const LAUNCHERS: [string, string, string[], ('SIGTERM' | 'SIGINT')[]][] = [
  ['npm start', 'npm', ['start', '--silent', '--', '--port', '0'], ['SIGTERM', 'SIGINT']],
  [
    'npx nova-images-mock serve',
    'npx',
    ['--offline', 'nova-images-mock', 'serve', '--port', '0'],
    ['SIGTERM'],
  ],
  // bash, as npm's script shell, replaces itself with the command it runs: SIGINT reaches the server.
  [
    'npx --script-shell=bash nova-images-mock serve',
    'npx',
    ['--script-shell=bash', '--offline', 'nova-images-mock', 'serve', '--port', '0'],
    ['SIGINT', 'SIGTERM'],
  ],
  ['the bin', './dist/scripts/cli.js', ['serve', '--port', '0'], ['SIGTERM', 'SIGINT']],
];

describe.each(LAUNCHERS)('%s', (_name, command, args, signals) => {
  it.each(signals)(
    'stops on %s to its PID, port closed',
    async (signal) => {
      const launched = await launch(command, args);
      expect((await rawRequest(launched.url, 'GET', '/v2.1/images')).status).toBe(200);
      launched.child.kill(signal);
      expect(await exitWithin(launched, EXIT_BOUND_MS)).toBe('exited');
      expect(await closesWithin(launched.url, EXIT_BOUND_MS)).toBe(true);
    },
    60_000,
  );
});

describe('npx nova-images-mock serve', () => {
  it('stops on Ctrl-C (SIGINT to its process group)', async () => {
    const launched = await launch('npx', ['--offline', 'nova-images-mock', 'serve', '--port', '0']);
    process.kill(-(launched.child.pid ?? 0), 'SIGINT');
    expect(await exitWithin(launched, EXIT_BOUND_MS)).toBe('exited');
    expect(await closesWithin(launched.url, EXIT_BOUND_MS)).toBe(true);
  }, 60_000);
});

describe('a delayed request in flight', () => {
  it('does not keep a stopping server alive: the request is answered at once and the process exits', async () => {
    const launched = await launch(process.execPath, [
      '--import',
      'tsx',
      'scripts/cli.ts',
      'serve',
      '--port',
      '0',
      '--error',
      'images.list=delay~20000',
    ]);
    const delayed = rawRequest(launched.url, 'GET', '/v2.1/images', { timeoutMs: 30_000 }).then(
      (reply) => `answered ${reply.status}`,
      () => 'closed',
    );
    // The request has reached the server once the journal (never delayed itself) can be read.
    await rawRequest(launched.url, 'GET', '/__mock/requests');
    launched.child.kill('SIGTERM');
    expect(await exitWithin(launched, EXIT_BOUND_MS)).toBe('exited');
    expect(
      await Promise.race([delayed, new Promise((resolve) => setTimeout(() => resolve('pending'), 1_000))]),
    ).toBe('answered 200');
  }, 60_000);
});
