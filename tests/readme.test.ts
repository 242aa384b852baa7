// The README's examples run as written: the unit-test example in its own vitest run, the
// scripts with tsx from the project root (so `nova-images-mock/...` resolves to this package).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

it('runs the "Error injection" example: a one-time 403 on delete', () => {
  const result = run(['--import', 'tsx', writeExample('## Error injection', 'errors.readme.ts')], ROOT);
  expect(result.stdout).toBe(
    '403 {"forbidden":{"code":403,"message":"You are not allowed to delete the image."}}\n',
  );
});

it('runs the "Generated datasets" example', () => {
  const result = run(['--import', 'tsx', writeExample('## Generated datasets', 'generate.readme.ts')], ROOT);
  expect(result.stdout).toBe('500 true 500\n');
});

it('runs the "Library API" example: the image service refuses a change to another project\'s image', () => {
  const result = run(['--import', 'tsx', writeExample('## Library API', 'store.readme.ts')], ROOT);
  expect(result.stdout).toBe('notAllowed blue\n');
});
