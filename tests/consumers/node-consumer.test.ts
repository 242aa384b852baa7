// A unit-test user's project: `npm install --save-dev nova-images-mock msw` (plus vitest and
// TypeScript), then what such a user does with it: the README's unit-test example under vitest,
// a plain ESM script, CommonJS require, strict tsc over every README TypeScript snippet with
// nodenext and with bundler resolution, the CLI from node_modules/.bin, an esbuild bundle of
// the browser entry.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attempt,
  codeBlocks,
  freshProject,
  npm,
  ROOT,
  readmeSection,
  run,
  start,
  tarball,
  write,
} from './support.ts';

let project: string;

beforeAll(() => {
  project = freshProject('unit-tests');
  npm(['install', '--save-dev', tarball(), 'msw'], project);
  // TypeScript 5 (what most projects have) and 7 (what create-vite starts with today).
  npm(
    ['install', '--save-dev', 'vitest@4', 'typescript@7', 'typescript5@npm:typescript@5', '@types/node@20'],
    project,
  );
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

const bin = () => join(project, 'node_modules/.bin/nova-images-mock');

describe('the install', () => {
  it('brings msw as the one peer and neither json-server nor tsx', () => {
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version: string }>;
    };
    const installed = Object.keys(lock.packages);
    expect(installed.filter((path) => path.endsWith('node_modules/msw'))).toEqual(['node_modules/msw']);
    expect(installed.some((path) => /node_modules\/(json-server|tsx|esbuild)$/.test(path))).toBe(false);
  });

  it('ships compiled JavaScript, declarations and source maps with their sources, no tests', () => {
    const dist = join(project, 'node_modules/nova-images-mock/dist/mocks');
    const files = readdirSync(dist);
    expect(files).toEqual(
      expect.arrayContaining(['index.js', 'index.d.ts', 'index.js.map', 'node.js', 'browser.js']),
    );
    expect(files.some((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toBe(false);
    expect(files.some((file) => file.includes('.test.'))).toBe(false);
    const map = JSON.parse(readFileSync(join(dist, 'node.js.map'), 'utf8')) as { sourcesContent?: string[] };
    expect(map.sourcesContent?.[0]).toContain('export function createNovaImagesMock');
  });
});

describe('in code', () => {
  it('runs the README unit-test example as written under vitest: three tests pass', () => {
    const [example] = codeBlocks('ts', readmeSection('## Use it in unit tests (Node)'));
    write(project, 'images.test.ts', example ?? '');
    const output = run('npx', ['vitest', 'run', 'images.test.ts'], project);
    expect(output).toMatch(/Tests\s+3 passed \(3\)/);
  });

  it('is imported by a plain node ESM script', () => {
    write(
      project,
      'script.mjs',
      `import { createNovaImagesMock } from 'nova-images-mock/node';
import { BUNDLED_DATASETS, loadDataset } from 'nova-images-mock';
const nova = createNovaImagesMock({ dataset: 'demo' });
nova.listen({ onUnhandledRequest: 'error' });
const reply = await fetch('http://127.0.0.1:8774/v2.1/images/detail?limit=3');
const { images } = await reply.json();
const demo = await loadDataset('demo');
console.log(reply.status, images.length, BUNDLED_DATASETS.length, demo.length);
nova.close();
`,
    );
    expect(run('node', ['script.mjs'], project)).toBe('200 3 4 200\n');
  });

  it('is required from CommonJS (require of ES modules, Node ≥ 20.19)', () => {
    write(
      project,
      'script.cjs',
      `const { createNovaImagesMock } = require('nova-images-mock/node');
const { version } = require('nova-images-mock/package.json');
const nova = createNovaImagesMock();
nova.listen();
fetch('http://127.0.0.1:8774/v2.1/images/70a599e0-31e7-49b7-b260-868f441e862b')
  .then((reply) => reply.json())
  .then(({ image }) => {
    console.log(typeof version, image.name);
    nova.close();
  });
`,
    );
    expect(run('node', ['script.cjs'], project)).toBe('string fakeimage7\n');
  });
});

describe('strict TypeScript over every README snippet', () => {
  // The frontend snippets use Vite's `import.meta.env`; the Vite app test checks them with
  // Vite's own types, here a one-line stand-in declares it.
  beforeAll(() => {
    codeBlocks('ts').forEach((snippet, index) => {
      write(project, `snippets/readme-${index + 1}.ts`, snippet);
    });
    write(project, 'snippets/env.d.ts', 'interface ImportMeta { readonly env: { readonly DEV: boolean } }\n');
  });

  it.each([
    ['nodenext', 'typescript5'],
    ['bundler', 'typescript'],
  ])('type-checks with moduleResolution %s (%s), strict, no skipLibCheck', (resolution, typescript) => {
    const module = resolution === 'nodenext' ? 'nodenext' : 'esnext';
    write(
      project,
      `tsconfig.${resolution}.json`,
      JSON.stringify({
        compilerOptions: {
          target: 'es2023',
          lib: ['es2023', 'dom', 'dom.iterable'],
          module,
          moduleResolution: resolution,
          types: ['node'],
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          noUncheckedIndexedAccess: true,
          verbatimModuleSyntax: true,
          moduleDetection: 'force',
        },
        include: ['snippets', 'images.test.ts'],
      }),
    );
    const check = attempt(
      'node',
      [`node_modules/${typescript}/bin/tsc`, '-p', `tsconfig.${resolution}.json`],
      project,
    );
    expect(check.stdout + check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(readdirSync(join(project, 'snippets')).length).toBeGreaterThanOrEqual(8);
  });
});

describe('the CLI from node_modules/.bin', () => {
  it('serves: a Nova answer at the URL it prints', async () => {
    const served = await start(
      bin(),
      ['serve', '--port', '0'],
      project,
      /Nova images API at (http:\/\/\S+)\/v2\.1/,
    );
    try {
      const reply = await fetch(`${served.url}/v2.1/images?limit=1`);
      expect(reply.status).toBe(200);
      expect(((await reply.json()) as { images: unknown[] }).images).toHaveLength(1);
    } finally {
      await served.stop();
    }
  });

  it('generates a seeded dataset', () => {
    const output = run(bin(), ['generate', '--count', '15', '--seed', '3'], project);
    const { images } = JSON.parse(output) as { images: { id: string }[] };
    expect(images).toHaveLength(15);
    expect(run(bin(), ['generate', '--count', '15', '--seed', '3'], project)).toBe(output);
  });

  it('data without json-server names the package to install and exits 1', () => {
    const result = attempt(bin(), ['data', '--port', '0'], project);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('npm install --save-dev json-server@0.17.4');
    expect(existsSync(join(project, 'nova-images-data'))).toBe(false);
  });
});

describe('the browser entry', () => {
  it('bundles with esbuild for the browser: no node: module, each dataset its own chunk', () => {
    write(
      project,
      'browser-entry.js',
      "import { startNovaImagesMock } from 'nova-images-mock/browser';\nstartNovaImagesMock({ dataset: 'demo' });\n",
    );
    const esbuild = join(ROOT, 'node_modules/.bin/esbuild');
    // For the browser platform esbuild cannot resolve a `node:` import: the build itself fails.
    run(
      esbuild,
      [
        'browser-entry.js',
        '--bundle',
        '--format=esm',
        '--splitting',
        '--platform=browser',
        '--outdir=esbuild-out',
        '--metafile=esbuild-meta.json',
        '--log-level=warning',
      ],
      project,
    );
    const meta = JSON.parse(readFileSync(join(project, 'esbuild-meta.json'), 'utf8')) as {
      inputs: Record<string, { imports: { path: string }[] }>;
    };
    const imported = Object.values(meta.inputs).flatMap((input) => input.imports.map((entry) => entry.path));
    expect(imported.filter((path) => path.startsWith('node:'))).toEqual([]);
    expect(Object.keys(meta.inputs)).toContain('node_modules/nova-images-mock/dist/mocks/browser.js');
    // Each bundled dataset is a chunk of its own, loaded on demand.
    const chunks = readdirSync(join(project, 'esbuild-out'));
    for (const name of ['api-samples', 'api-samples-foreign', 'unit-fixtures', 'demo']) {
      expect(chunks.filter((file) => new RegExp(`^${name}-[A-Z0-9]{8}\\.js$`).test(file))).toHaveLength(1);
    }
  });
});
