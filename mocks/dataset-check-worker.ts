/**
 * The record check of a dataset file in a line layout, on a thread of its own: it is sent the
 * file's bytes in chunks of whole lines (the same bytes the loading thread reads), or reads a part
 * of the file itself (`reads`, sending each chunk it read to the loading thread, which keeps them);
 * walks them with the check on (dataset-lines.ts `feedBytes`: a record in the compact form
 * JSON.stringify writes, as `generate` does, is checked in its bytes without being parsed) and
 * answers with its verdict. It acknowledges each chunk it is sent, so that a reader which reads
 * into checked chunks again stays a few chunks ahead of it. Started with `workerData`
 * `{ locate: true }`, it also works out what the loading thread needs to serve records it has not
 * parsed: where each record's bytes are, and their creation times (for the list order). Two of
 * them may check a file's two parts, the second one `continues` the first's layout (dataset-file.ts
 * joins them). */
import { isAscii, isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { DatasetError } from './dataset.ts';
import {
  type FilePart,
  type LineLayout,
  LineWalk,
  NotLineLayout,
  type PartEnd,
  wholeLineChunks,
} from './dataset-lines.ts';
import type { IdTable } from './distinct-ids.ts';
import { checkedTimeMs, idPrefixOf } from './glance/list-order.ts';

/**
 * Where each record's bytes are, three numbers a record (its chunk among those this check was
 * sent, its first byte, the byte after it), its created_at in milliseconds, and its id's
 * idPrefixOf (records that share a second are ordered by id: most of them by that number, without
 * being made on the loading thread).
 */
export interface RecordsLocated {
  locations: Int32Array;
  created: Float64Array;
  idPrefixes: Uint32Array;
}

/**
 * The check's answer: the file's records are valid (with the table of their ids, each id's record
 * index, which the loading thread keeps as the image service's positions, and where asked the
 * records located), the first refusal, or not a line layout.
 */
export type CheckVerdict =
  | { kind: 'valid'; ids: IdTable; located?: RecordsLocated; part?: PartEnd }
  | { kind: 'refused'; message: string }
  | { kind: 'not-line-layout' }
  | { kind: 'failed'; message: string };

/** What the worker sends: a chunk checked, a chunk it read itself (in shared memory, before it checks it), or its verdict. */
export type CheckReport = { kind: 'checked' } | { kind: 'read'; chunk: Uint8Array } | CheckVerdict;

/** What the loading thread asks besides the check. */
export interface CheckOptions {
  locate: boolean;
  /** The check of a file's later part, in this layout. */
  continues?: LineLayout;
  /**
   * The file's part this check reads itself (and sends each chunk it read), instead of being sent
   * the chunks: the file's end then ends it as `end` would, or as `end-part`, with `part`.
   */
  reads?: FilePart & { path: string; part: boolean };
}

/** What the loading thread sends: a chunk, or the end of the file (`end`) or of its part (`end-part`). */
export type CheckInput = Uint8Array | 'end' | 'end-part';

if (parentPort === null) throw new Error('dataset-check-worker.ts runs in a worker thread');
const port: MessagePort = parentPort;
const { locate, continues, reads } = (workerData ?? { locate: false }) as CheckOptions;

/** The records' places and what their order needs, as they are checked (with `locate`). */
class Locations {
  #locations = new Int32Array(3 << 16);
  #created = new Float64Array(1 << 16);
  #idPrefixes = new Uint32Array(1 << 16);
  #count = 0;
  #chunk = -1;

  startChunk(): void {
    this.#chunk++;
  }

  readonly add = (start: number, end: number, createdAt: string, id: string): void => {
    const index = this.#count++;
    if (3 * index + 3 > this.#locations.length) {
      const locations = new Int32Array(this.#locations.length * 2);
      locations.set(this.#locations);
      this.#locations = locations;
      const created = new Float64Array(this.#created.length * 2);
      created.set(this.#created);
      this.#created = created;
      const idPrefixes = new Uint32Array(this.#idPrefixes.length * 2);
      idPrefixes.set(this.#idPrefixes);
      this.#idPrefixes = idPrefixes;
    }
    this.#locations[3 * index] = this.#chunk;
    this.#locations[3 * index + 1] = start;
    this.#locations[3 * index + 2] = end;
    // Checked times: what created_at holds in a valid record (and the order is only used then).
    this.#created[index] = checkedTimeMs(createdAt);
    this.#idPrefixes[index] = idPrefixOf(id);
  };

  located(): RecordsLocated {
    const count = this.#count;
    return {
      locations: this.#locations.slice(0, 3 * count),
      created: this.#created.slice(0, count),
      idPrefixes: this.#idPrefixes.slice(0, count),
    };
  }
}

const locations = locate ? new Locations() : undefined;
const located = locations === undefined ? () => {} : locations.add;
// Checked (and located) in the bytes, or parsed only to be checked: each record is dropped at once.
const walk = new LineWalk(() => {}, true, continues);
let done = false;

/** Checks a chunk of whole lines; false when the check has given its verdict (a refusal). */
function checked(chunk: Uint8Array): boolean {
  try {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // Bytes that are no UTF-8 decode to U+FFFD, whose three bytes are not theirs: the places of
    // records parsed from the text cannot be told, so the file is read whole instead (readServedDataset).
    if (locations !== undefined && !isAscii(bytes) && !isUtf8(bytes)) throw new NotLineLayout();
    locations?.startChunk();
    walk.feedBytes(bytes, located);
    return true;
  } catch (error) {
    fail(error);
    return false;
  }
}

/** The verdict once every chunk is checked: the file's end (`end`) or its part's (`end-part`). */
function finish(end: 'end' | 'end-part'): void {
  try {
    // A part's end is for the loading thread to join; the file's, the walk's own.
    const part = end === 'end-part' ? walk.partEnd() : undefined;
    if (part === undefined) walk.finish();
    decide({ kind: 'valid', ids: walk.ids.table, located: locations?.located(), part });
  } catch (error) {
    fail(error);
  }
}

function fail(error: unknown): void {
  const { message } = error as Error;
  if (error instanceof NotLineLayout) decide({ kind: 'not-line-layout' });
  else if (error instanceof DatasetError) decide({ kind: 'refused', message });
  else decide({ kind: 'failed', message });
}

function decide(verdict: CheckVerdict): void {
  if (done) return;
  done = true;
  // The tables' buffers moved, not copied (16 MiB of ids for a million records, 16 MiB of places).
  const moved: ArrayBuffer[] = [];
  if (verdict.kind === 'valid') {
    moved.push(verdict.ids.slots.buffer as ArrayBuffer, verdict.ids.hashes.buffer as ArrayBuffer);
    if (verdict.located !== undefined)
      moved.push(
        verdict.located.locations.buffer as ArrayBuffer,
        verdict.located.created.buffer as ArrayBuffer,
        verdict.located.idPrefixes.buffer as ArrayBuffer,
      );
  }
  port.postMessage(verdict satisfies CheckReport, moved);
}

/** Reads its part of the file in chunks of whole lines into fresh shared memory (the loading thread keeps each), sends and checks each. */
async function readAndCheck({ path, part, ...range }: NonNullable<CheckOptions['reads']>): Promise<void> {
  try {
    const file = await open(path, 'r');
    try {
      const allocate = (size: number) => Buffer.from(new SharedArrayBuffer(size));
      for await (const chunk of wholeLineChunks(file, allocate, range)) {
        port.postMessage({ kind: 'read', chunk } satisfies CheckReport);
        if (!checked(chunk)) return;
      }
    } finally {
      await file.close();
    }
  } catch (error) {
    return fail(error);
  }
  finish(part ? 'end-part' : 'end');
}

if (reads !== undefined) void readAndCheck(reads);
port.on('message', (chunk: CheckInput) => {
  if (done) return;
  if (typeof chunk === 'string') finish(chunk);
  else if (checked(chunk)) port.postMessage({ kind: 'checked' } satisfies CheckReport);
});
