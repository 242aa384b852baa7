/**
 * A worker of `serializeParallel`: serializes the blocks of records it is sent and sends back
 * each block's bytes (transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { datasetSlice } from './dataset.ts';
import type { BlockJob, BlockResult, WorkerSetup } from './parallel.ts';
import { serializeRecords } from './writer.ts';

const { options, format } = workerData as WorkerSetup;
const port = parentPort;
if (port === null) throw new Error('parallel-worker.ts runs in a worker thread');

port.on('message', ({ block, start, end, opens, closes }: BlockJob) => {
  const chunks = [...serializeRecords(datasetSlice(options, start, end), format, { opens, closes })];
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  const result: BlockResult = { block, bytes };
  port.postMessage(result, [bytes.buffer]);
});
