import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DatasetError } from './dataset.ts';
import { readDatasetFile, readServedDataset } from './dataset-file.ts';

// The check's thread replaced by one that fails as a broken install or an out-of-memory thread
// would: the read must refuse the file, never hang or hand out records no one checked.
const failing = vi.hoisted(() => ({ code: '' }));
vi.mock('./module-worker.ts', () => ({
  startModuleWorker: () => new Worker(failing.code, { eval: true }),
}));

const directory = await mkdtemp(join(tmpdir(), 'nova-dataset-check-failure-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

describe('readDatasetFile and readServedDataset when the check on its own thread fails', () => {
  it.each([
    ['throws', 'throw new Error("the check broke")', 'the check broke'],
    ['exits', 'process.exit(3)', 'the dataset check stopped (exit code 3)'],
  ])('refuses the file when the thread %s', async (how, code, message) => {
    failing.code = code;
    // 64 MiB of blank lines: over the size from which the check runs apart, and quick to write.
    const path = join(directory, `blank-${how}.ndjson`);
    await writeFile(path, Buffer.alloc(64 << 20, '\n'));
    // The served read's check, which locates the records too, fails the same way.
    for (const read of [readDatasetFile, readServedDataset]) {
      const error = await read(path).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(DatasetError);
      expect((error as Error).message).toBe(`${path}: ${message}`);
    }
  });
});
