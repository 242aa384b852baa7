// Dataset files built to hurt (tests/hostile/datasets.json): malformed, truncated, nested deep, a
// line of megabytes, hostile keys. Each is refused with a message naming the fault — in-process
// by readDatasetFile, and by `serve --dataset` with exit code 2 and no stack trace — or loaded
// with `__proto__` and its kin as ordinary keys. `serve --watch` keeps its last good state when its
// file is replaced by garbage, cut, deleted or renamed away, and follows a good file renamed in.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readDatasetFile } from '../mocks/dataset-file.ts';
import { novaFetch } from './support/client.ts';
import { type CorpusText, expand, readCorpus } from './support/hostile-corpus.ts';
import { runCli, type ServeProcess, startServe } from './support/serve-process.ts';

interface DatasetCase {
  name: string;
  content: CorpusText;
  refused?: string;
  loaded?: number;
  keys?: string[];
}
interface WatchStep {
  name: string;
  do: 'write' | 'delete' | 'rename-in' | 'rename-away';
  content?: CorpusText;
  log: string;
  images: number;
}
const corpus = readCorpus<{ files: DatasetCase[]; watchStart: string; watch: WatchStep[] }>('datasets.json');
const directory = mkdtempSync(join(tmpdir(), 'nova-hostile-datasets-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const fileOf = (entry: DatasetCase) => {
  const path = join(directory, `${entry.name.replace(/\W+/g, '-')}.json`);
  writeFileSync(path, expand(entry.content));
  return path;
};

describe('hostile dataset files', () => {
  it.each(corpus.files.map((entry) => [entry.name, entry] as const))(
    'in-process: %s',
    async (_name, entry) => {
      const path = fileOf(entry);
      if (entry.refused !== undefined) {
        await expect(readDatasetFile(path)).rejects.toThrow(entry.refused);
        await expect(readDatasetFile(path)).rejects.toThrow(path);
        return;
      }
      const { records } = await readDatasetFile(path);
      expect(records).toHaveLength(entry.loaded ?? -1);
      if (entry.keys)
        expect(Object.keys(records[0]?.properties ?? {})).toEqual(expect.arrayContaining(entry.keys));
    },
  );

  it.each(
    corpus.files.filter((entry) => entry.refused !== undefined).map((entry) => [entry.name, entry] as const),
  )('serve --dataset: %s is refused, exit 2', { timeout: 30_000 }, (_name, entry) => {
    const result = runCli(['serve', '--port', '0', '--dataset', fileOf(entry)], 25_000);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(entry.refused);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.each(
    corpus.files.filter((entry) => entry.keys !== undefined).map((entry) => [entry.name, entry] as const),
  )('serve --dataset: %s are served as metadata', { timeout: 30_000 }, async (_name, entry) => {
    const served = await startServe(['--dataset', fileOf(entry)]);
    try {
      const reply = await novaFetch(
        `${served.url}/v2.1/images/cedef40a-ed67-4d10-800e-17455edce175/metadata`,
      );
      expect(Object.keys((reply.json as { metadata: object }).metadata)).toEqual(
        expect.arrayContaining(entry.keys ?? []),
      );
    } finally {
      await served.stop();
    }
  });
});

describe('serve --watch on a file that goes bad', () => {
  const file = join(directory, 'watched.json');
  let served: ServeProcess;
  beforeAll(async () => {
    writeFileSync(file, corpus.watchStart);
    served = await startServe(['--dataset', file, '--watch']);
    // The watcher is live once an edit is seen: the same records written again are reloaded.
    await vi.waitFor(
      async () => {
        await writeFile(file, corpus.watchStart);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(served.output()).toContain('reloaded: 2 images');
      },
      { timeout: 20_000, interval: 100 },
    );
  }, 60_000);
  afterAll(async () => {
    await served?.stop();
  });

  it.each(corpus.watch.map((step) => [step.name, step] as const))(
    '%s',
    { timeout: 30_000 },
    async (_name, step) => {
      const seen = served.output().length;
      if (step.do === 'write') await writeFile(file, expand(step.content ?? ''));
      if (step.do === 'delete') await rm(file);
      if (step.do === 'rename-in') {
        await writeFile(`${file}.new`, expand(step.content ?? ''));
        await rename(`${file}.new`, file);
      }
      if (step.do === 'rename-away') await rename(file, `${file}.old`);
      await vi.waitFor(() => expect(served.output().slice(seen)).toContain(step.log), {
        timeout: 15_000,
        interval: 50,
      });
      const listed = await novaFetch(`${served.url}/v2.1/images`);
      expect((listed.json as { images: unknown[] }).images).toHaveLength(step.images);
    },
  );
});
