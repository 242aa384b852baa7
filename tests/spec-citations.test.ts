// Every `§N` a source file cites is a section of the specification shipped in docs/: headings
// (`## N.`, `### N.M`) and the numbered quirks of §15 (`§15.N`). A citation after a mention of
// identity-and-clients.md refers to that document; all others to docs/nova-behaviour.md.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const SOURCE_DIRS = ['mocks', 'generators', 'scripts', 'tests', 'bench', 'demo/src', '.ci'];
const SKIPPED = new Set(['tests/reference', 'node_modules']);

function sectionsOf(file: string): Set<string> {
  const sections = new Set<string>();
  let top = '';
  for (const line of readFileSync(join(ROOT, 'docs', file), 'utf8').split('\n')) {
    const heading = /^#{2,4} (\d+(?:\.\d+)*)\.? /.exec(line);
    if (heading?.[1]) {
      sections.add(heading[1]);
      top = heading[1].split('.')[0] ?? '';
      continue;
    }
    const item = /^(\d+)\. /.exec(line);
    if (item && top !== '') sections.add(`${top}.${item[1]}`);
  }
  return sections;
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (SKIPPED.has(path) || entry.name === 'node_modules' || entry.name === 'dist') continue;
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|js|mjs|py|go)$/.test(entry.name) || entry.name === 'run') yield path;
  }
}

const BEHAVIOUR = sectionsOf('nova-behaviour.md');
const IDENTITY = sectionsOf('identity-and-clients.md');

it('finds the sections of both documents', () => {
  expect([...BEHAVIOUR]).toEqual(expect.arrayContaining(['1', '2.4', '4.2', '11.5', '14.2', '15.7']));
  expect([...IDENTITY]).toEqual(['2', '6']);
});

it('resolves every § cited in the code to a section of docs/', () => {
  const unresolved: string[] = [];
  let citations = 0;
  for (const dir of SOURCE_DIRS) {
    for (const file of sourceFiles(dir)) {
      const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
      for (const [index, line] of lines.entries()) {
        for (const match of line.matchAll(/§ ?(\d+(?:\.\d+)*)/g)) {
          citations += 1;
          const before = line.slice(0, match.index);
          const identity = before.lastIndexOf('identity-and-clients') > before.lastIndexOf('behaviour');
          const section = match[1] ?? '';
          if (!(identity ? IDENTITY : BEHAVIOUR).has(section)) {
            unresolved.push(`${relative(ROOT, join(ROOT, file))}:${index + 1} §${section}`);
          }
        }
      }
    }
  }
  expect(unresolved).toEqual([]);
  expect(citations).toBeGreaterThan(100);
});
