// The README's unit-test example is run as written, in its own vitest run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = `${ROOT}test-output/readme/`;

/** The first ```ts block after `heading` in README.md. */
function exampleAfter(heading: string): string {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error(`no ts example after ${heading}`);
  return match[1];
}

it('runs the "Use it in unit tests (Node)" example: three passing tests', () => {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(`${OUT}images.readme.ts`, exampleAfter('## Use it in unit tests (Node)'));
  writeFileSync(
    `${OUT}vitest.config.ts`,
    "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { include: ['images.readme.ts'] } });\n",
  );
  const result = spawnSync(
    process.execPath,
    [`${ROOT}node_modules/vitest/vitest.mjs`, 'run', '--config', `${OUT}vitest.config.ts`],
    {
      cwd: OUT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  expect(result.stdout + result.stderr).toMatch(/Tests\s+3 passed \(3\)/);
  expect(result.status).toBe(0);
});

it('runs the "Error injection" example: a one-time 403 on delete', () => {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(`${OUT}errors.readme.ts`, exampleAfter('## Error injection'));
  const result = spawnSync(process.execPath, ['--import', 'tsx', `${OUT}errors.readme.ts`], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(result.stdout).toBe(
    '403 {"forbidden":{"code":403,"message":"You are not allowed to delete the image."}}\n',
  );
});
