// The browser entry bundled by webpack 5 (no configuration) and Rollup 4 (only node-resolve, which
// any Rollup project needs for packages): it builds, nothing is left unresolved, and each bundled
// dataset becomes a chunk of its own, loaded on demand. (esbuild: node-consumer.test.ts; Vite:
// vite-app.test.ts.)
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshProject, npm, run, tarball, write } from './support.ts';

const ENTRY =
  "import { startNovaImagesMock } from 'nova-images-mock/browser';\nstartNovaImagesMock({ dataset: 'demo' });\n";
let project: string;

beforeAll(() => {
  project = freshProject('bundlers');
  npm(
    [
      'install',
      '--save-dev',
      tarball(),
      'msw',
      'webpack@5',
      'webpack-cli@6',
      'rollup@4',
      '@rollup/plugin-node-resolve@16',
    ],
    project,
  );
  write(project, 'entry.js', ENTRY);
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

/** The emitted JavaScript files of `dir`, by name. */
function emitted(dir: string): Map<string, string> {
  const files = readdirSync(join(project, dir)).filter((file) => file.endsWith('.js'));
  return new Map(files.map((file) => [file, readFileSync(join(project, dir, file), 'utf8')]));
}

/** The chunks holding the 200-image demo dataset's records, apart from the entry chunk. */
function demoChunks(files: Map<string, string>, entry: string): string[] {
  return [...files]
    .filter(([name, text]) => name !== entry && text.includes('ubuntu-22.04'))
    .map(([name]) => name);
}

it('bundles with webpack 5 and no configuration: the datasets in chunks of their own', () => {
  const output = run(
    'npx',
    ['webpack', '--mode', 'production', '--entry', './entry.js', '--output-path', 'webpack-out'],
    project,
  );
  expect(output).toContain('compiled');
  expect(output).not.toMatch(/ERROR|Module not found|Can't resolve/);
  const files = emitted('webpack-out');
  expect(files.size).toBeGreaterThanOrEqual(5);
  expect(demoChunks(files, 'main.js')).toHaveLength(1);
});

it('bundles with Rollup 4 and node-resolve: nothing unresolved, the datasets in chunks of their own', () => {
  write(
    project,
    'rollup.config.js',
    "import { nodeResolve } from '@rollup/plugin-node-resolve';\nexport default { input: 'entry.js', output: { dir: 'rollup-out', format: 'es' }, plugins: [nodeResolve({ browser: true })] };\n",
  );
  const output = run('npx', ['rollup', '-c'], project);
  expect(output).not.toMatch(/Unresolved dependencies|nova-images-mock\/dist/);
  const files = emitted('rollup-out');
  expect(
    [...files.keys()].filter((name) => /^(api-samples|api-samples-foreign|unit-fixtures|demo)-/.test(name)),
  ).toHaveLength(4);
  expect(demoChunks(files, 'entry.js')).toHaveLength(1);
});
