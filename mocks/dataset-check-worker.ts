/**
 * The record check of a dataset file in a line layout, on a thread of its own: it is sent the
 * file's bytes in chunks of whole lines (the same bytes the loading thread reads), walks them
 * with the check on (dataset-lines.ts) and answers with its verdict. It acknowledges each chunk,
 * so the reader never runs far ahead of it. Started with `workerData` `{ locate: true }`, it
 * also works out what the loading thread needs to serve records it has not parsed: where each
 * record's bytes are, and the list order.
 */
import { isAscii } from 'node:buffer';
import { parentPort, workerData } from 'node:worker_threads';
import { DatasetError } from './dataset.ts';
import { decodedLines, LineWalk, NotLineLayout } from './dataset-lines.ts';
import type { IdTable } from './distinct-ids.ts';
import { checkedTimeMs, listOrderOfTimes } from './glance/list-order.ts';
import type { ImageRecord } from './types.ts';

/** Where each record's bytes are, three numbers a record (its chunk, its first byte, the byte after it), and the records' list order. */
export interface RecordsLocated {
  locations: Int32Array;
  order: Int32Array;
}

/**
 * The check's answer: the file's records are valid (with the table of their ids, each id's record
 * index, which the loading thread keeps as the image service's positions, and where asked the
 * records located), the first refusal, or not a line layout.
 */
export type CheckVerdict =
  | { kind: 'valid'; ids: IdTable; located?: RecordsLocated }
  | { kind: 'refused'; message: string }
  | { kind: 'not-line-layout' }
  | { kind: 'failed'; message: string };

/** What the worker sends: a chunk checked, or its verdict. */
export type CheckReport = { kind: 'checked' } | CheckVerdict;

/** What the loading thread asks besides the check. */
export interface CheckOptions {
  locate: boolean;
}

const port = parentPort;
if (port === null) throw new Error('dataset-check-worker.ts runs in a worker thread');
const { locate } = (workerData ?? { locate: false }) as CheckOptions;

/** The records' places and what their order needs, as they are checked (with `locate`). */
class Locations {
  #locations = new Int32Array(3 << 16);
  #created = new Float64Array(1 << 16);
  readonly ids: string[] = [];
  #chunk = -1;
  /** The chunk's text and, when it is not ASCII, how far its bytes and characters have been matched. */
  #text = '';
  #ascii = true;
  #character = 0;
  #byte = 0;

  startChunk(text: string, ascii: boolean): void {
    this.#chunk++;
    this.#text = text;
    this.#ascii = ascii;
    this.#character = 0;
    this.#byte = 0;
  }

  add(record: ImageRecord, start: number, end: number): void {
    const index = this.ids.length;
    if (3 * index + 3 > this.#locations.length) {
      const locations = new Int32Array(this.#locations.length * 2);
      locations.set(this.#locations);
      this.#locations = locations;
      const created = new Float64Array(this.#created.length * 2);
      created.set(this.#created);
      this.#created = created;
    }
    this.#locations[3 * index] = this.#chunk;
    this.#locations[3 * index + 1] = this.#byteAt(start);
    this.#locations[3 * index + 2] = this.#byteAt(end);
    // Checked times: what created_at holds in a valid record (and the order is only used then).
    this.#created[index] = checkedTimeMs(record.created_at);
    this.ids.push(record.id);
  }

  /** The byte offset of a character offset, counted on from the last one asked (they only grow). */
  #byteAt(character: number): number {
    if (this.#ascii) return character;
    this.#byte += Buffer.byteLength(this.#text.slice(this.#character, character));
    this.#character = character;
    return this.#byte;
  }

  located(): RecordsLocated {
    const count = this.ids.length;
    const order = listOrderOfTimes(this.#created.subarray(0, count), (index) => this.ids[index] as string);
    return { locations: this.#locations.slice(0, 3 * count), order };
  }
}

const locations = locate ? new Locations() : undefined;
// Parsed only to be checked (and located): each record is dropped at once.
const walk = new LineWalk(
  locations === undefined ? () => {} : (record, start, end) => locations.add(record, start, end),
  true,
);
let done = false;
port.on('message', (chunk: Uint8Array | 'end') => {
  if (done) return;
  let verdict: CheckVerdict;
  try {
    if (chunk !== 'end') {
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      const text = decodedLines(bytes);
      locations?.startChunk(text, isAscii(bytes));
      walk.feed(text);
      port.postMessage({ kind: 'checked' } satisfies CheckReport);
      return;
    }
    walk.finish();
    verdict = { kind: 'valid', ids: walk.ids.table, located: locations?.located() };
  } catch (error) {
    const { message } = error as Error;
    if (error instanceof NotLineLayout) verdict = { kind: 'not-line-layout' };
    else if (error instanceof DatasetError) verdict = { kind: 'refused', message };
    else verdict = { kind: 'failed', message };
  }
  done = true;
  // The tables' buffers moved, not copied (16 MiB of ids for a million records, 16 MiB of places).
  const moved: ArrayBuffer[] = [];
  if (verdict.kind === 'valid') {
    moved.push(verdict.ids.slots.buffer as ArrayBuffer, verdict.ids.hashes.buffer as ArrayBuffer);
    if (verdict.located !== undefined)
      moved.push(
        verdict.located.locations.buffer as ArrayBuffer,
        verdict.located.order.buffer as ArrayBuffer,
      );
  }
  port.postMessage(verdict satisfies CheckReport, moved);
});
