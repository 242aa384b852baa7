/**
 * `npm run bench:package [-- --before OLD.tgz]`: what a unit-test user downloads and waits for.
 * Packs this tree, installs it as the README says (`npm install --save-dev nova-images-mock msw`)
 * into a fresh project, and reports the tarball's size, the packages and bytes the install adds,
 * and the cold start of `npx nova-images-mock serve` to its first answer (median and range over
 * interleaved rounds). `--before` measures another tarball (e.g. an older `npm pack`) the same
 * way in the same run.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spread } from './support/stats.ts';

const ROUNDS = 7;
const ROOT = join(import.meta.dirname, '..');

interface Target {
  label: string;
  tarball: string;
  project: string;
}

function pack(): string {
  const destination = mkdtempSync(join(tmpdir(), 'nova-bench-pack-'));
  const out = execFileSync('npm', ['pack', '--json', '--loglevel=error', '--pack-destination', destination], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return join(destination, (JSON.parse(out) as [{ filename: string }])[0].filename);
}

function install(label: string, tarball: string): Target {
  const project = mkdtempSync(join(tmpdir(), `nova-bench-${label}-`));
  writeFileSync(join(project, 'package.json'), '{"name": "consumer", "private": true, "type": "module"}\n');
  execFileSync(
    'npm',
    ['install', '--save-dev', tarball, 'msw', '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: project, stdio: 'ignore' },
  );
  return { label, tarball, project };
}

function installed(project: string): { packages: number; bytes: number } {
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, unknown>;
  };
  const bytes = Number(
    execFileSync('du', ['-sb', join(project, 'node_modules')], { encoding: 'utf8' }).split('\t')[0],
  );
  return { packages: Object.keys(lock.packages).filter((path) => path !== '').length, bytes };
}

/** Milliseconds from spawning `npx nova-images-mock serve --port 0` to its first 200. */
async function coldStart(project: string): Promise<number> {
  const started = performance.now();
  const child = spawn('npx', ['--offline', 'nova-images-mock', 'serve', '--port', '0'], {
    cwd: project,
    detached: true,
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`no URL within 60 s:\n${output}`)), 60_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Nova images API at (http:\/\/\S+\/v2\.1)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });
    const reply = await fetch(`${url}/images?limit=1`);
    if (reply.status !== 200) throw new Error(`first answer ${reply.status}`);
    return performance.now() - started;
  } finally {
    process.kill(-(child.pid ?? 0), 'SIGTERM');
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const { values } = parseArgs({ options: { before: { type: 'string' } } });
const targets = [install('after', pack())];
if (values.before) targets.unshift(install('before', values.before));

const starts = new Map<string, number[]>(targets.map((target) => [target.label, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const target of targets) starts.get(target.label)?.push(await coldStart(target.project));
}

console.log('target   tarball     install adds             cold start to first answer, ms (median, range)');
for (const target of targets) {
  const { packages, bytes } = installed(target.project);
  const tarball = statSync(target.tarball).size;
  console.log(
    `${target.label.padEnd(8)} ${kib(tarball).padEnd(11)} ${`${packages} packages, ${mib(bytes)}`.padEnd(24)} ${spread(starts.get(target.label) ?? [], 0)}`,
  );
  rmSync(target.project, { recursive: true, force: true });
}
