/**
 * Serializing a dataset on several threads: record i depends only on (seed, i), so blocks of
 * records are drawn and serialized by workers, and their bytes written in order. The output is
 * byte-identical to `serializeRecords(datasetRecords(options), format)`.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../mocks/module-worker.ts';
import type { GenerateDatasetOptions } from './dataset.ts';
import type { OutputFormat } from './writer.ts';

export interface WorkerSetup {
  options: GenerateDatasetOptions;
  format: OutputFormat;
}

export interface BlockJob {
  block: number;
  start: number;
  end: number;
  opens: boolean;
  closes: boolean;
  /** Memory of a block already written out, to write this one into (fresh memory costs page faults). */
  buffer?: ArrayBuffer;
}

export interface BlockResult {
  block: number;
  bytes: Uint8Array;
}

export interface ParallelOptions {
  /** Worker threads (default: the available parallelism). */
  workers?: number;
  /** Records per block (default 10,000, about 11 MB of output). */
  blockSize?: number;
  /** Called with each block's record count as its bytes are handed out. */
  onRecords?: (count: number) => void;
}

export const DEFAULT_BLOCK_SIZE = 10_000;

/** Worth it: more than one thread, and more than one block of records. */
export function parallelWorthIt(count: number, options: ParallelOptions = {}): boolean {
  return (options.workers ?? availableParallelism()) > 1 && count > (options.blockSize ?? DEFAULT_BLOCK_SIZE);
}

/**
 * The dataset in `format` as UTF-8, in blocks of `blockSize` records serialized by `workers`
 * threads. At most two blocks per worker are held at once, so memory stays flat when the
 * output is slower than the workers. **A chunk's memory is reused once the next chunk is asked
 * for**: write it out (or copy it) before.
 *
 * One function on purpose (about 75 lines): the dispatcher, the workers' handlers and the ordered
 * emitter share one scheduling state (blocks done, idle workers, the next block, the failure),
 * which closures over these locals keep in one place.
 */
export async function* serializeParallel(
  options: GenerateDatasetOptions & { count: number },
  format: OutputFormat,
  parallel: ParallelOptions = {},
): AsyncGenerator<Buffer> {
  const blockSize = parallel.blockSize ?? DEFAULT_BLOCK_SIZE;
  const blocks = Math.max(1, Math.ceil(options.count / blockSize));
  const threads = Math.max(1, Math.min(parallel.workers ?? availableParallelism(), blocks));
  const ahead = threads * 2;
  const done = new Map<number, Uint8Array>();
  const spare: ArrayBuffer[] = [];
  const idle: Worker[] = [];
  let next = 0;
  let emitted = 0;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;

  const dispatch = (): void => {
    while (idle.length > 0 && next < blocks && next - emitted < ahead) {
      const start = next * blockSize;
      const job: BlockJob = {
        block: next,
        start,
        end: Math.min(options.count, start + blockSize),
        opens: next === 0,
        closes: next === blocks - 1,
        buffer: spare.pop(),
      };
      (idle.pop() as Worker).postMessage(job, job.buffer ? [job.buffer] : []);
      next++;
    }
  };

  const workers = Array.from({ length: threads }, () => {
    const worker = startModuleWorker(import.meta.url, 'parallel-worker', {
      workerData: { options, format } satisfies WorkerSetup,
    });
    worker.on('message', ({ block, bytes }: BlockResult) => {
      done.set(block, bytes);
      idle.push(worker);
      dispatch();
      wake?.();
    });
    worker.on('error', (error) => {
      failure ??= error;
      wake?.();
    });
    worker.on('exit', (code) => {
      failure ??= new Error(`a generator worker stopped (exit code ${code})`);
      wake?.();
    });
    idle.push(worker);
    return worker;
  });

  try {
    dispatch();
    while (emitted < blocks) {
      const bytes = done.get(emitted);
      if (bytes === undefined) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      done.delete(emitted);
      const records = Math.min(options.count, (emitted + 1) * blockSize) - emitted * blockSize;
      emitted++;
      dispatch();
      parallel.onRecords?.(records);
      yield Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      spare.push(bytes.buffer as ArrayBuffer);
    }
  } finally {
    for (const worker of workers) worker.removeAllListeners('exit');
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
