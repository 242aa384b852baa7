// The README's examples run as written: the unit-test example in its own vitest run, the
// scripts with tsx from the project root (so `nova-images-mock/...` resolves to this package,
// as built by the global setup), the "Try it" block pasted whole into a shell.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = `${ROOT}test-output/readme/`;

/** Writes the first ```ts block after `heading` in README.md to `file` under test-output. */
function writeExample(heading: string, file: string): string {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  const match = /```ts\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf(heading)));
  if (!match?.[1]) throw new Error(`no ts example after ${heading}`);
  mkdirSync(OUT, { recursive: true });
  writeFileSync(`${OUT}${file}`, match[1]);
  return `${OUT}${file}`;
}

function run(args: string[], cwd: string) {
  return spawnSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
}

it('runs the "Use it in unit tests (Node)" example: three passing tests', () => {
  writeExample('## Use it in unit tests (Node)', 'images.readme.ts');
  writeFileSync(
    `${OUT}vitest.config.ts`,
    "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { include: ['images.readme.ts'] } });\n",
  );
  const result = run(
    [`${ROOT}node_modules/vitest/vitest.mjs`, 'run', '--config', `${OUT}vitest.config.ts`],
    OUT,
  );
  expect(result.stdout + result.stderr).toMatch(/Tests\s+3 passed \(3\)/);
  expect(result.status).toBe(0);
});

it('runs the example that composes the handlers with your own: both answer', () => {
  const result = run(
    ['--import', 'tsx', writeExample('To compose with your own handlers', 'compose.readme.ts')],
    ROOT,
  );
  expect(result.stdout).toBe('200 200\n');
});

it('runs the "Release profiles" example: the ceiling it sets is the one answered', () => {
  const result = run(['--import', 'tsx', writeExample('## Release profiles', 'release.readme.ts')], ROOT);
  expect(result.stdout).toBe('compute 2.90\n');
});

it('runs the "Error injection" example: a one-time 403 on delete', () => {
  const result = run(['--import', 'tsx', writeExample('## Error injection', 'errors.readme.ts')], ROOT);
  expect(result.stdout).toBe(
    '403 {"forbidden":{"code":403,"message":"You are not allowed to delete the image."}}\n',
  );
});

it('runs the "--persist" example: a write kept across two mocks', () => {
  const example = writeExample('### Keeping writes across restarts', 'persist.readme.ts');
  rmSync(`${OUT}images.jsonl`, { force: true });
  const result = run(['--import', 'tsx', example], OUT);
  expect(result.stdout).toBe('blue\n');
  expect(readFileSync(`${OUT}images.jsonl`, 'utf8')).not.toContain('"color"');
});

it('runs the "Generated datasets" example', () => {
  const result = run(['--import', 'tsx', writeExample('## Generated datasets', 'generate.readme.ts')], ROOT);
  expect(result.stdout).toBe('500 true 500\n');
});

it('runs the "Library API" example: the image service refuses a change to another project\'s image', () => {
  const result = run(['--import', 'tsx', writeExample('## Library API', 'store.readme.ts')], ROOT);
  expect(result.stdout).toBe('notAllowed blue\n');
});

/** A port free a moment ago: the "Try it" block names its port, and others run tests at the same time. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}

it('runs the "Try it" block pasted whole into an interactive shell: the list, the 404, the mock stopped', async () => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('Try it:')))?.[1];
  if (!block) throw new Error('no sh block after "Try it:"');
  const port = String(await freePort());
  // `set -m`: job control as in an interactive shell, so `kill %1` stops the whole job.
  const result = spawnSync('bash', ['-c', `set -m\n${block.replaceAll('8774', port)}`], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const [list, fault] = result.stdout.split('\n').filter((line) => line.startsWith('{'));
  expect(list).toMatch(/^\{"images":\[\{"id":"cedef40a-ed67-4d10-800e-17455edce175",/);
  expect(fault).toBe('{"itemNotFound":{"code":404,"message":"Image not found."}}');
  expect(result.status).toBe(0);
  const stopped = await fetch(`http://127.0.0.1:${port}/v2.1`).then(
    () => false,
    () => true,
  );
  expect(stopped).toBe(true);
});
