/**
 * Consumer tests: the packed tarball installed into fresh projects under a temporary directory,
 * as a user installs it. Installs come from the npm registry (or npm's cache) only; every
 * command is bounded in time.
 */
import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The tarball `npm pack` made in the global setup. */
export function tarball(): string {
  return inject('tarball');
}

declare module 'vitest' {
  export interface ProvidedContext {
    tarball: string;
  }
}

const COMMAND_TIMEOUT_MS = 240_000;

/**
 * The environment of a user's shell: this process's, without what vitest sets for itself
 * (NODE_ENV=test would make Vite build for development and keep a dev-only mock in).
 */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => key !== 'NODE_ENV' && key !== 'TEST' && !key.startsWith('VITEST'),
    ),
  );
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

/** Runs a command to completion; throws with its output when it fails. */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout: COMMAND_TIMEOUT_MS,
    env: userEnv(env),
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) exited with ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** Like `run`, but returns what happened instead of throwing. */
export function attempt(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout: COMMAND_TIMEOUT_MS,
    env: userEnv(),
  });
}

export function npm(args: string[], cwd: string): string {
  return run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], cwd);
}

/** A fresh directory with a package.json (ESM unless told otherwise). */
export function freshProject(name: string, manifest: Record<string, unknown> = { type: 'module' }): string {
  const dir = mkdtempSync(join(tmpdir(), `nova-consumer-${name}-`));
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name, private: true, ...manifest }, null, 2)}\n`,
  );
  return dir;
}

export function write(dir: string, file: string, text: string): string {
  const path = join(dir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The text of a README section: from its heading to the next heading of the same level or above. */
export function readmeSection(heading: string): string {
  const start = README.indexOf(`${heading}\n`);
  if (start < 0) throw new Error(`README has no heading ${heading}`);
  const level = /^#+/.exec(heading)?.[0].length ?? 2;
  const rest = README.slice(start + heading.length);
  const next = new RegExp(`\\n#{1,${level}} `).exec(rest);
  return next ? rest.slice(0, next.index) : rest;
}

/** The code blocks of a language in `text` (the README or a section of it), in order. */
export function codeBlocks(language: string, text = README): string[] {
  return [...text.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map(
    (match) => match[1] ?? '',
  );
}

export interface Started {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts a long-running command in its own process group and resolves once its output matches
 * `ready` (whose first group is the URL); the group is killed on stop.
 */
export function start(
  command: string,
  args: string[],
  cwd: string,
  ready: RegExp,
  env: NodeJS.ProcessEnv = {},
): Promise<Started> {
  const child = spawn(command, args, {
    cwd,
    detached: true,
    env: userEnv(env),
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    try {
      process.kill(-(child.pid ?? 0), 'SIGTERM');
    } catch {
      return;
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    try {
      process.kill(-(child.pid ?? 0), 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${command} ${args.join(' ')} not ready within 60 s:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], output: () => output, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(' ')} exited with ${code} before it was ready:\n${output}`));
    });
  });
}
