/**
 * The record check of a dataset file in a line layout, on a thread of its own: it is sent the
 * file's bytes in chunks of whole lines (the same bytes the loading thread parses), walks them
 * with the check on (dataset-lines.ts) and answers with its verdict. It acknowledges each chunk,
 * so the reader never runs far ahead of it.
 */
import { parentPort } from 'node:worker_threads';
import { DatasetError } from './dataset.ts';
import { decodedLines, LineWalk, NotLineLayout } from './dataset-lines.ts';
import type { IdTable } from './distinct-ids.ts';

/**
 * The check's answer: the file's records are valid (with the table of their ids, each id's record
 * index, which the loading thread keeps as the image service's positions), the first refusal, or
 * not a line layout.
 */
export type CheckVerdict =
  | { kind: 'valid'; ids: IdTable }
  | { kind: 'refused'; message: string }
  | { kind: 'not-line-layout' }
  | { kind: 'failed'; message: string };

/** What the worker sends: a chunk checked, or its verdict. */
export type CheckReport = { kind: 'checked' } | CheckVerdict;

const port = parentPort;
if (port === null) throw new Error('dataset-check-worker.ts runs in a worker thread');

// Parsed only to be checked: each record is dropped at once.
const walk = new LineWalk(() => {}, true);
let done = false;
port.on('message', (chunk: Uint8Array | 'end') => {
  if (done) return;
  let verdict: CheckVerdict;
  try {
    if (chunk !== 'end') {
      walk.feed(decodedLines(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
      port.postMessage({ kind: 'checked' } satisfies CheckReport);
      return;
    }
    walk.finish();
    verdict = { kind: 'valid', ids: walk.ids.table };
  } catch (error) {
    const { message } = error as Error;
    if (error instanceof NotLineLayout) verdict = { kind: 'not-line-layout' };
    else if (error instanceof DatasetError) verdict = { kind: 'refused', message };
    else verdict = { kind: 'failed', message };
  }
  done = true;
  // The table's buffers moved, not copied (16 MiB for a million ids).
  const moved =
    verdict.kind === 'valid' ? ([verdict.ids.slots.buffer, verdict.ids.hashes.buffer] as ArrayBuffer[]) : [];
  port.postMessage(verdict satisfies CheckReport, moved);
});
