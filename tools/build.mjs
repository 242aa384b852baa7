#!/usr/bin/env node
/**
 * `npm run build` (and `prepack`): the package's JavaScript, declarations and source maps in
 * dist/, compiled by tsc from mocks/, generators/ and scripts/ (tsconfig.build.json).
 *
 * After tsc, three things tsc does not do:
 * - declaration files name their imports `./x.ts` as the sources do; consumers resolve `./x.js`;
 * - each bundled dataset also becomes a JavaScript module (`export default JSON.parse("…")`), and
 *   dataset-load.js's one variable import of the JSON becomes one fixed import per dataset
 *   module, which every bundler follows, also those without a JSON loader (Rollup) or support
 *   for import attributes (and tsc's helper for the variable import goes); the JSON files stay
 *   for Node's fs;
 * - every static JSON import (Glance's schema documents) points at such a module too, for the
 *   same bundlers;
 * - the CLI is made executable.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

function fail(message) {
  process.stderr.write(`build: ${message}\n`);
  process.exit(1);
}

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (tsc.status !== 0) fail(`tsc exited with ${tsc.status}`);

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

const RELATIVE_TS_SPECIFIER = /((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*)\.ts\2/g;
for (const file of files(dist)) {
  if (!file.endsWith('.d.ts')) continue;
  const text = readFileSync(file, 'utf8');
  const rewritten = text.replace(RELATIVE_TS_SPECIFIER, '$1$2$3.js$2');
  if (rewritten !== text) writeFileSync(file, rewritten);
}

/** `json` as an ES module, for bundlers without a JSON loader or import attributes. */
function writeJsonModule(json, module) {
  writeFileSync(module, `export default JSON.parse(${JSON.stringify(readFileSync(json, 'utf8'))});\n`);
}

const STATIC_JSON_IMPORT =
  /(from\s*)(['"])(\.{1,2}\/[^'"]*\.json)\2\s*with\s*\{\s*type:\s*['"]json['"]\s*\}/g;
for (const file of files(dist)) {
  if (!file.endsWith('.js')) continue;
  const text = readFileSync(file, 'utf8');
  const rewritten = text.replace(STATIC_JSON_IMPORT, (_import, from, quote, specifier) => {
    writeJsonModule(join(dirname(file), specifier), join(dirname(file), `${specifier}.js`));
    return `${from}${quote}${specifier}.js${quote}`;
  });
  if (rewritten !== text) writeFileSync(file, rewritten);
}

const datasets = join(root, 'fixtures/datasets');
const names = readdirSync(datasets)
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.slice(0, -'.json'.length));
for (const name of names) {
  const json = join(datasets, `${name}.json`);
  // tsc re-indents the JSON it copies; ship the file as written (`data` hands out copies to edit).
  copyFileSync(json, join(dist, 'fixtures/datasets', `${name}.json`));
  writeJsonModule(json, join(dist, 'fixtures/datasets', `${name}.js`));
}

const loader = join(dist, 'mocks/dataset-load.js');
// tsc wraps a variable specifier in its extension-rewriting helper.
const variableImport =
  /import\((?:__rewriteRelativeImportExtension\()?`\.\.\/fixtures\/datasets\/\$\{name\}\.json`\)?, \{ with: \{ type: 'json' \} \}\)/g;
const loaderText = readFileSync(loader, 'utf8');
if (loaderText.match(variableImport)?.length !== 1)
  fail('dataset-load.js: expected one variable dataset import');
const perDataset = names.map((name) => `'${name}': () => import('../fixtures/datasets/${name}.js')`);
// The import was the helper's only use; blank lines keep the source map's lines in place.
const helper = /^var __rewriteRelativeImportExtension = [\s\S]*?\n\};\n/;
const withoutHelper = loaderText.replace(helper, (text) => '\n'.repeat(text.split('\n').length - 1));
if (withoutHelper === loaderText) fail('dataset-load.js: no extension-rewriting helper to remove');
writeFileSync(loader, withoutHelper.replace(variableImport, `({ ${perDataset.join(', ')} })[name]()`));

chmodSync(join(dist, 'scripts/cli.js'), 0o755);
