/**
 * Reading dataset files of any size (Node only). The generator's layouts put one record on a
 * line — the dataset format (`{"images": [` … one record per line … `]}`) and NDJSON — so those
 * are read as bytes, in chunks of whole lines, and walked line by line (dataset-lines.ts): no
 * single string holds the file, which V8 caps at 512 MiB (about 630k images). In a large file the
 * record check runs on a second thread over the same bytes (dataset-check-worker.ts) while this
 * one parses and builds, and the records are handed out only once it has found them valid. Any
 * other layout of `{"images": [...]}` (e.g. pretty-printed) is streamed too, each record cut out
 * of the text as it comes (dataset-json-stream.ts), at about twice the CPU.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { DatasetError } from './dataset.ts';
import { type CheckedPart, RecordsInBytes } from './dataset-bytes.ts';
import type {
  CheckInput,
  CheckOptions,
  CheckReport,
  CheckVerdict,
  RecordsLocated,
} from './dataset-check-worker.ts';
import { readJsonDataset } from './dataset-json-stream.ts';
import {
  CHUNK_BYTES,
  decodedLines,
  type LineLayout,
  LineWalk,
  layoutOfFirstLine,
  linePieces,
  NotLineLayout,
  type PartEnd,
  partsJoin,
  wholeLineChunks,
} from './dataset-lines.ts';
import { type IdIndex, SentIds, sharesAnId } from './distinct-ids.ts';
import type { ImageSource } from './glance/image-service.ts';
import { NO_ITEMS, partsFrozenInPlace, storedDataset, storedRecord } from './glance/stored-record.ts';
import { startModuleWorker } from './module-worker.ts';
import { StringPool } from './string-pool.ts';
import type { ImageRecord } from './types.ts';

/**
 * From this size on (about 57,000 generated images), the check runs on a thread of its own, which
 * parses every line again: on 1M images at load 2 it shortened the read from 21–22 s to 17–19 s,
 * but on 10k it lengthened it from 0.25 to 0.4–0.8 s (starting the thread takes 0.1 s compiled,
 * 0.2 s from the sources); on 100k it pays when the second core is free (1.57–1.75 s against
 * 1.66–1.91 s at load 1–2), not under load.
 */
const CHECK_APART_FROM_BYTES = 64 << 20;
/** Chunks the reader may run ahead of the check: what it holds for the check stays within about 16 MiB. */
const CHUNKS_AHEAD = 16;

/** A parsed list no one else holds, each item one shared copy; an empty one the one frozen empty list. */
function sharedList(list: string[], field: string, pool: StringPool): string[] {
  if (list.length === 0) return NO_ITEMS;
  for (let index = 0; index < list.length; index++) list[index] = pool.shared(field, list[index] as string);
  return list;
}

/**
 * A parsed record no one else holds, in place: each repeated string (owner, names, property
 * values, list items) one shared copy, every empty list one frozen array (about a fifth of a
 * loaded image's memory), the properties and lists frozen (copying a million records' properties
 * would cost as much as parsing them), as the image service stores them (properties.ts).
 */
function sharedParts(record: ImageRecord, pool: StringPool): ImageRecord {
  if (record.owner !== null) record.owner = pool.shared('owner', record.owner);
  if (record.name !== null) record.name = pool.shared('name', record.name);
  const { properties } = record;
  for (const key in properties) {
    const value = properties[key];
    // Own keys only (JSON.parse makes no others), `__proto__` among them: assigning an own data
    // property never reaches a setter.
    if (typeof value !== 'string') continue;
    const shared = pool.shared(key, value);
    // Written back only when it is another copy: most values are their own first one.
    if (shared !== value) properties[key] = shared;
  }
  // Each list by name (a loop over the names costs a generic lookup per record), and only where
  // the file has it: the editable form keeps the file's fields.
  if (record.members !== undefined) record.members = sharedList(record.members, 'members', pool);
  if (record.pending_members !== undefined)
    record.pending_members = sharedList(record.pending_members, 'pending_members', pool);
  if (record.rejected_members !== undefined)
    record.rejected_members = sharedList(record.rejected_members, 'rejected_members', pool);
  if (record.tags !== undefined) record.tags = sharedList(record.tags, 'tags', pool);
  return partsFrozenInPlace(record);
}

/**
 * What a read makes of each record: `stored`, the image service's record at once, which the service
 * keeps as it is (the parsed object dies young); `editable`, the parsed record with its fields in
 * the file's order, for an editor that changes them in place (`data`, json-server).
 */
export type RecordForm = 'stored' | 'editable';

/** How one read makes each record of the form. */
function maker(form: RecordForm): (record: ImageRecord) => ImageRecord {
  const pool = new StringPool();
  return form === 'editable'
    ? (record) => sharedParts(record, pool)
    : (record) => storedRecord(sharedParts(record, pool));
}

/**
 * How a file lays out its records: `dataset` (`{"images": [` + a record per line + `]}`),
 * `ndjson` (a record per line, nothing else) or `json` (any other JSON `{"images": [...]}`).
 */
export type DatasetLayout = 'dataset' | 'ndjson' | 'json';

export interface DatasetFile {
  /** In the form asked for (RecordForm); in the stored form a frozen list (storedDataset), which the image service takes as it is. */
  records: ImageRecord[];
  layout: DatasetLayout;
}

/** A file read: its records, their layout, and the table of their ids (each id's record index). */
interface FileRecords extends DatasetFile {
  ids: IdIndex;
}

/** A chunk of whole lines fed to a walk a piece at a time (linePieces: smaller strings decode at a tenth of the cost). */
function feedPieces(walk: LineWalk, chunk: Buffer): void {
  for (const [, piece] of linePieces(chunk)) walk.feed(decodedLines(piece));
}

/** A dataset file's records in a line layout, checked as they are read, on this thread. */
async function readLinesChecked(
  file: FileHandle,
  make: (record: ImageRecord) => ImageRecord,
): Promise<FileRecords> {
  const records: ImageRecord[] = [];
  const walk = new LineWalk((record) => records.push(make(record)), true);
  // One buffer read into again: a chunk is copied into strings before the next is read.
  const reused = Buffer.allocUnsafe(CHUNK_BYTES);
  const allocate = (size: number) => (size === CHUNK_BYTES ? reused : Buffer.allocUnsafe(size));
  for await (const chunk of wholeLineChunks(file, allocate)) feedPieces(walk, chunk);
  return { records, layout: walk.finish(), ids: walk.ids };
}

/**
 * The check on a thread of its own (dataset-check-worker.ts), fed the chunks this thread reads, or
 * reading its part of the file itself (CheckOptions `reads`), which sends the chunks it read.
 */
class CheckApart {
  readonly #worker: ReturnType<typeof startModuleWorker>;
  #ahead = 0;
  /** The memory of each chunk sent and not yet checked, oldest first; and of chunks checked, to read into again. */
  readonly #unchecked: SharedArrayBuffer[] = [];
  readonly #free: SharedArrayBuffer[] = [];
  /** With `reads`: the chunks the check read, in the file's order. */
  readonly read: Buffer[] = [];
  #verdict: CheckVerdict | undefined;
  #wake: () => void = () => {};
  readonly #settled: Promise<CheckVerdict>;

  constructor(options: CheckOptions = { locate: false }) {
    this.#worker = startModuleWorker(import.meta.url, 'dataset-check-worker', { workerData: options });
    this.#settled = new Promise((settle) => {
      const decided = (verdict: CheckVerdict) => {
        this.#verdict ??= verdict;
        settle(this.#verdict);
        this.#wake();
      };
      this.#worker.on('message', (report: CheckReport) => {
        if (report.kind === 'read') {
          const { chunk } = report;
          this.read.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          return;
        }
        if (report.kind !== 'checked') return decided(report);
        const checked = this.#unchecked.shift() as SharedArrayBuffer;
        if (checked.byteLength === CHUNK_BYTES) this.#free.push(checked);
        if (--this.#ahead <= CHUNKS_AHEAD) this.#wake();
      });
      this.#worker.once('error', (error) => decided({ kind: 'failed', message: error.message }));
      this.#worker.once('exit', (code) =>
        decided({ kind: 'failed', message: `the dataset check stopped (exit code ${code})` }),
      );
    });
  }

  /** Whether the check has refused the file already (it only finds it valid at the end). */
  get decided(): boolean {
    return this.#verdict !== undefined;
  }

  /**
   * Shared memory for the next chunk: a checked chunk's (fresh memory costs a page fault every
   * 4 KiB, about 280,000 of them for a million images), or new.
   */
  memory(size: number): Buffer {
    return Buffer.from((size === CHUNK_BYTES ? this.#free.pop() : undefined) ?? new SharedArrayBuffer(size));
  }

  /** Hands a chunk (in memory from `memory`) to the check; waits while the check is too far behind. */
  async send(chunk: Buffer): Promise<void> {
    this.#unchecked.push(chunk.buffer as SharedArrayBuffer);
    this.#worker.postMessage(chunk);
    this.#ahead++;
    while (this.#ahead > CHUNKS_AHEAD && this.#verdict === undefined) {
      await new Promise<void>((wake) => {
        this.#wake = wake;
      });
    }
  }

  /** Ends the check's thread without its verdict. */
  stop(): void {
    void this.#worker.terminate();
  }

  /** The verdict on every chunk sent, told the end here (a check that reads finds its own); the thread ends then. */
  async verdict(end?: CheckInput & string): Promise<CheckVerdict> {
    if (end !== undefined) this.#worker.postMessage(end satisfies CheckInput);
    const verdict = await this.#settled;
    void this.#worker.terminate();
    return verdict;
  }
}

/**
 * A large dataset file's records in a line layout: parsed and built here without the check,
 * which runs apart on the same chunks; they are handed out only if it finds them valid, and
 * its refusal is the one the checked read on this thread would make, the first fault in the file.
 */
async function readLinesCheckedApart(
  file: FileHandle,
  make: (record: ImageRecord) => ImageRecord,
): Promise<FileRecords> {
  const check = new CheckApart();
  const records: ImageRecord[] = [];
  const walk = new LineWalk((record) => records.push(make(record)), false);
  let layout: LineLayout | undefined;
  let failure: unknown;
  try {
    // Shared memory: the check reads the very bytes this thread reads, without a copy.
    for await (const chunk of wholeLineChunks(file, (size) => check.memory(size))) {
      await check.send(chunk);
      if (check.decided) break;
      feedPieces(walk, chunk);
    }
    if (!check.decided) layout = walk.finish();
  } catch (error) {
    // Unchecked records can break the walk or their building; the check names the fault.
    failure = error;
  }
  const verdict = validVerdict(await check.verdict('end'));
  if (layout === undefined) throw failure;
  // The check's id table, read with the ids of the records built here (the same records, in order).
  const ids = new SentIds([{ table: verdict.ids, first: 0 }], (index) => (records[index] as ImageRecord).id);
  return { records, layout, ids };
}

/** A check's verdict that the records are valid; throws its refusal otherwise. */
function validVerdict(verdict: CheckVerdict): CheckVerdict & { kind: 'valid' } {
  if (verdict.kind === 'refused') throw new DatasetError(verdict.message);
  if (verdict.kind === 'not-line-layout') throw new NotLineLayout();
  if (verdict.kind === 'failed') throw new Error(verdict.message);
  return verdict;
}

/** What a check's verdict says of the records, once the check has found them valid; throws its refusal otherwise. */
function checkedPart(
  checked: CheckVerdict,
  firstChunk: number,
): CheckedPart & { verdict: CheckVerdict & { kind: 'valid' } } {
  const verdict = validVerdict(checked);
  return { located: verdict.located as RecordsLocated, ids: verdict.ids, firstChunk, verdict };
}

/**
 * Bytes looked at from the file's start for its first line (the layout), and from its middle for
 * the first line end after it.
 */
const SNIFFED_LINE_BYTES = 1 << 20;

/** The line layout of a file's first lines, or undefined when they are none. */
async function lineLayoutOf(file: FileHandle): Promise<LineLayout | undefined> {
  const bytes = Buffer.alloc(SNIFFED_LINE_BYTES);
  const head = await file.read(bytes, 0, SNIFFED_LINE_BYTES, 0);
  // Whole lines only: a line cut short could look like the dataset's first line.
  return layoutOfFirstLine(decodedLines(bytes.subarray(0, bytes.lastIndexOf(10, head.bytesRead - 1) + 1)));
}

/**
 * Where the second of a file's two parts starts, the line after the one that holds the middle
 * byte, and the layout its check continues (from the file's first line that is not blank);
 * undefined when either is not within SNIFFED_LINE_BYTES of where it is looked for.
 */
async function secondPart(
  file: FileHandle,
  size: number,
): Promise<{ start: number; layout: LineLayout } | undefined> {
  const layout = await lineLayoutOf(file);
  if (layout === undefined) return undefined;
  const bytes = Buffer.alloc(SNIFFED_LINE_BYTES);
  const middle = Math.floor(size / 2);
  const { bytesRead } = await file.read(bytes, 0, SNIFFED_LINE_BYTES, middle);
  const lineEnd = bytes.subarray(0, bytesRead).indexOf(10);
  const start = middle + lineEnd + 1;
  return lineEnd < 0 || start >= size ? undefined : { start, layout };
}

/**
 * A large dataset file's records in a line layout, not parsed here: two checks, one for each part
 * of the file (both cores), read their parts into shared memory, parse and check every record and
 * say where each one's bytes are; the chunks are kept here, and the image service makes each
 * record from its bytes when it first reads it. The first part's refusal is the file's; when the
 * second part's check refuses (its messages cannot name records as the whole file's would), the
 * parts do not join, or share an id, it is undefined, and the file is read again as
 * readDatasetFile reads it, which refuses it with the first fault in the file.
 */
async function readLinesLocated(
  path: string,
  file: FileHandle,
  size: number,
  make: (record: ImageRecord) => ImageRecord,
): Promise<{ source: ImageSource; layout: LineLayout } | undefined> {
  const second = await secondPart(file, size);
  const first = new CheckApart({
    locate: true,
    reads: { path, start: 0, end: second?.start ?? Number.POSITIVE_INFINITY, part: second !== undefined },
  });
  const rest =
    second &&
    new CheckApart({
      locate: true,
      continues: second.layout,
      reads: { path, start: second.start, end: Number.POSITIVE_INFINITY, part: true },
    });
  let firstPart: ReturnType<typeof checkedPart>;
  try {
    firstPart = checkedPart(await first.verdict(), 0);
  } catch (error) {
    // The first part's refusal is the file's: the rest's check need not finish.
    rest?.stop();
    throw error;
  }
  if (second === undefined || rest === undefined) {
    // A line layout, as the check found the file: the first lines say which.
    const layout = (await lineLayoutOf(file)) as LineLayout;
    return { source: new RecordsInBytes(first.read, [firstPart], make), layout };
  }
  const verdict = await rest.verdict();
  if (verdict.kind !== 'valid') return undefined;
  const restPart = checkedPart(verdict, first.read.length);
  if (!partsJoin(second.layout, firstPart.verdict.part as PartEnd, verdict.part as PartEnd)) return undefined;
  const source = new RecordsInBytes([...first.read, ...rest.read], [firstPart, restPart], make);
  const restFirst = firstPart.located.created.length;
  // An id in both parts: the second one's check could not see it.
  const twice = sharesAnId(
    firstPart.ids,
    restPart.ids,
    (a, b) => source.at(a).id === source.at(restFirst + b).id,
  );
  return twice ? undefined : { source, layout: second.layout };
}

/**
 * `{"images": [` with a record or the list's end on the same line: `JSON.stringify` of a dataset,
 * the whole file one line. Told from the file's first bytes, since walking it as lines reads
 * the file into one chunk and parses it whole (on both threads when the check runs apart) before
 * the streamed read parses it again: 2.6 times that read's memory on 70,000 images.
 */
const ONE_LINE_DATASET = /^\s*\{\s*"images"\s*:\s*\[[ \t\r]*[^\s]/;
const SNIFFED_BYTES = 256;

/** Of a regular file only: a pipe (`--dataset <(generate …)`) cannot be read at a position, nor twice. */
async function isOneLineDataset(file: FileHandle): Promise<boolean> {
  const start = Buffer.alloc(SNIFFED_BYTES);
  const { bytesRead } = await file.read(start, 0, SNIFFED_BYTES, 0);
  return ONE_LINE_DATASET.test(start.toString('latin1', 0, bytesRead));
}

/**
 * Records of a file in one of the line layouts, validated; throws NotLineLayout when the file
 * turns out to be laid out otherwise.
 */
async function readLines(path: string, make: (record: ImageRecord) => ImageRecord): Promise<FileRecords> {
  const file = await open(path, 'r');
  try {
    const stats = await file.stat();
    if (stats.isFile() && (await isOneLineDataset(file))) throw new NotLineLayout();
    return stats.size < CHECK_APART_FROM_BYTES
      ? await readLinesChecked(file, make)
      : await readLinesCheckedApart(file, make);
  } finally {
    await file.close();
  }
}

/**
 * The records of a dataset file in the dataset format, as NDJSON, or as any JSON
 * `{"images": [...]}`, of any size; errors name the file and the record at fault.
 */
export async function readDatasetFile(path: string, form: RecordForm = 'stored'): Promise<DatasetFile> {
  const { records, layout, ids } = await readFileRecords(path, form);
  // Stored records, checked (ids distinct): the image service takes the list and its ids as they are.
  if (form === 'stored') storedDataset(records, ids);
  return { records, layout };
}

/** What readServedDatasetFile read: the records, or a source of them made as they are read; and the file's layout. */
export interface ServedDatasetFile {
  served: readonly ImageRecord[] | ImageSource;
  layout: DatasetLayout;
}

/**
 * A dataset file's records in `form` for the image service to serve ('stored') or for `data` to
 * edit ('editable'): a large one in a line layout kept as its bytes, each record made when it is
 * first read (all of them checked before); any other file's records as readDatasetFile reads
 * them. Refused as readDatasetFile refuses it.
 */
export async function readServedDatasetFile(path: string, form: RecordForm): Promise<ServedDatasetFile> {
  let located: { source: ImageSource; layout: LineLayout } | undefined;
  try {
    const file = await open(path, 'r');
    try {
      const stats = await file.stat();
      if (stats.isFile() && stats.size >= CHECK_APART_FROM_BYTES && !(await isOneLineDataset(file)))
        located = await readLinesLocated(path, file, stats.size, maker(form));
    } finally {
      await file.close();
    }
  } catch (error) {
    if (error instanceof DatasetError) throw new DatasetError(`${path}: ${error.message}`);
    // Not in a line layout after all, or bytes that are no UTF-8 (dataset-check-worker.ts): read as
    // any other file is.
    if (!(error instanceof NotLineLayout)) throw new DatasetError(`${path}: ${(error as Error).message}`);
  }
  if (located !== undefined) return { served: located.source, layout: located.layout };
  // Not refused by the first half's check, but not taken either: read as readDatasetFile reads it.
  const { records, layout } = await readDatasetFile(path, form);
  return { served: records, layout };
}

/** readServedDatasetFile of the image service's records. */
export async function readServedDataset(path: string): Promise<readonly ImageRecord[] | ImageSource> {
  return (await readServedDatasetFile(path, 'stored')).served;
}

async function readFileRecords(path: string, form: RecordForm): Promise<FileRecords> {
  try {
    return await readLines(path, maker(form));
  } catch (error) {
    if (error instanceof DatasetError) throw new DatasetError(`${path}: ${error.message}`);
    if (!(error instanceof NotLineLayout)) throw new DatasetError(`${path}: ${(error as Error).message}`);
  }
  try {
    return { ...(await readJsonDataset(path, maker(form))), layout: 'json' };
  } catch (error) {
    throw new DatasetError(`${path}: ${(error as Error).message}`);
  }
}
