/**
 * A worker of `serializeParallel`: writes the blocks of records it is sent and sends back each
 * block's bytes (transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ByteSink } from './byte-sink.ts';
import { writeDatasetBlock } from './dataset-block.ts';
import type { BlockJob, BlockResult, WorkerSetup } from './parallel.ts';

const { options, format } = workerData as WorkerSetup;
const port = parentPort;
if (port === null) throw new Error('parallel-worker.ts runs in a worker thread');

/** Room for a block's records at about their average size (a sink grows when a block needs more). */
const BYTES_PER_RECORD = 1280;

port.on('message', (job: BlockJob) => {
  const sink = new ByteSink(job.buffer ?? new ArrayBuffer((job.end - job.start) * BYTES_PER_RECORD + 65536));
  writeDatasetBlock(sink, options, format, job);
  const bytes = sink.written();
  const result: BlockResult = { block: job.block, bytes };
  port.postMessage(result, [bytes.buffer as ArrayBuffer]);
});
