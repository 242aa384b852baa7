import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { generateDataset } from '../generators/index.ts';
import type { ImageRecord } from '../mocks/types.ts';
import { watchDataset } from '../scripts/watch-dataset.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const directory = await mkdtemp(join(tmpdir(), 'nova-workbench-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

const records = generateDataset({ seed: 21, count: 30 });
const datasetText = (images: ImageRecord[]) => JSON.stringify({ images }, null, 2);
const WAIT = { timeout: 10_000, interval: 50 };

describe('watchDataset', () => {
  const stops: (() => void)[] = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  async function watched(name: string) {
    const file = join(directory, name);
    await writeFile(file, datasetText(records));
    const loads: ImageRecord[][] = [];
    const lines: string[] = [];
    stops.push(
      watchDataset(
        file,
        (loaded) => loads.push(loaded),
        (line) => lines.push(line),
      ),
    );
    return { file, loads, lines };
  }

  it('reloads the records after an edit', async () => {
    const { file, loads, lines } = await watched('edit.json');
    const edited = records.map((r, i) => (i === 3 ? { ...r, name: 'edited in place' } : r));
    await writeFile(file, datasetText(edited));
    await vi.waitFor(() => expect(loads.at(-1)?.[3]?.name).toBe('edited in place'), WAIT);
    expect(lines.at(-1)).toMatch(/reloaded: 30 images$/);
  });

  it('follows editors that save by renaming a new file over the old one', async () => {
    const { file, loads } = await watched('rename.json');
    await writeFile(`${file}.swp`, datasetText(records.slice(0, 12)));
    await rename(`${file}.swp`, file);
    await vi.waitFor(() => expect(loads.at(-1)).toHaveLength(12), WAIT);
  });

  it('keeps the last good state on an invalid edit and says why', async () => {
    const { file, loads, lines } = await watched('invalid.json');
    await writeFile(file, '{"images": [');
    await vi.waitFor(
      () => expect(lines.at(-1)).toMatch(/not reloaded: .*JSON.*keeping the last good state/),
      WAIT,
    );
    const badStatus = records.map((r, i) => (i === 2 ? { ...r, status: 'sleeping' } : r));
    await writeFile(file, JSON.stringify({ images: badStatus }));
    await vi.waitFor(
      () => expect(lines.at(-1)).toMatch(/not reloaded: images\[2\]\.status: expected one of/),
      WAIT,
    );
    expect(loads).toEqual([]);
    await writeFile(file, datasetText(records.slice(0, 5)));
    await vi.waitFor(() => expect(loads.at(-1)).toHaveLength(5), WAIT);
  });
});
