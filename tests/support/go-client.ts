/**
 * Go clients of the real-client tests (tests/clients/gophercloud/: one program per file, each built
 * together with shared.go): built offline in GOPATH mode against Debian's gophercloud
 * (golang-github-gophercloud-gophercloud-dev) and cached under test-output/ by the hash of their
 * sources and of `go version`.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(import.meta.dirname, '..', '..');
const GOPATH = '/usr/share/gocode';
const GOPHERCLOUD = join(GOPATH, 'src', 'github.com', 'gophercloud', 'gophercloud');
const GO = '/usr/bin/go';
export const HAS_GO = existsSync(GO) && existsSync(GOPHERCLOUD);

const run = promisify(execFile);

/** Go offline, in GOPATH mode: no module proxy, no go.mod, the Debian sources only. */
function goEnv(cache: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: cache,
    GOPATH,
    GOCACHE: join(cache, 'go-build'),
    GO111MODULE: 'off',
    GOPROXY: 'off',
    GOFLAGS: '',
    GOTOOLCHAIN: 'local',
    CGO_ENABLED: '0',
  };
}

const CLIENTS = join(ROOT, 'tests', 'clients', 'gophercloud');

/** Builds `tests/clients/gophercloud/<program>.go` with shared.go, once per (sources, Go version). */
export async function buildGoClient(program: 'compute' | 'imageservice'): Promise<string> {
  const sources = [join(CLIENTS, 'shared.go'), join(CLIENTS, `${program}.go`)];
  const dir = join(ROOT, 'test-output', 'gophercloud');
  mkdirSync(dir, { recursive: true });
  const env = goEnv(dir);
  const goVersion = execFileSync(GO, ['version'], { env, timeout: 20_000 }).toString();
  const hash = createHash('sha256');
  for (const source of sources) hash.update(readFileSync(source));
  const digest = hash.update(goVersion).digest('hex').slice(0, 16);
  const binary = join(dir, `${program}-${digest}`);
  if (existsSync(binary)) return binary;
  const partial = mkdtempSync(join(dir, 'build-'));
  try {
    await run(GO, ['build', '-o', join(partial, 'client'), ...sources], { env, timeout: 120_000 });
    renameSync(join(partial, 'client'), binary);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return binary;
}

/** Runs a built client with `args` (bounded to 60 s) and parses the JSON it prints. */
export async function runGoClient<T>(binary: string, args: string[]): Promise<T> {
  const { stdout } = await run(binary, args, {
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '' },
  });
  return JSON.parse(stdout) as T;
}
