/**
 * The line layouts of a dataset file — the dataset format (`{"images": [` … one record per line …
 * `]}`) and NDJSON — walked a line at a time over text fed in chunks of whole lines. The same walk
 * runs with the record check (the refusals and their messages) or without it, so a thread that
 * only builds records and one that only checks them see the same records in the same places.
 */
import { isAscii } from 'node:buffer';
import type { FileHandle } from 'node:fs/promises';
import { DatasetError, validateRecord } from './dataset.ts';
import { RecordInBytes } from './dataset-record-bytes.ts';
import { DistinctIds } from './distinct-ids.ts';
import type { ImageRecord } from './types.ts';

const DATASET_OPENING = /^\{\s*"images"\s*:\s*\[\s*$/;
const DATASET_CLOSING = /^\]\s*\}$/;
const COMMA = 44;
/** The ASCII blanks String.prototype.trim takes off a line (tab, vertical tab, form feed, carriage return, space). */
const isBlank = (byte: number) => byte === 32 || (byte >= 9 && byte <= 13 && byte !== 10);

/** The layout a file's first line that is not blank says, or undefined when `text` has none. */
export function layoutOfFirstLine(text: string): LineLayout | undefined {
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed !== '') return DATASET_OPENING.test(trimmed) ? 'dataset' : 'ndjson';
  }
  return undefined;
}

/** What the walk of a part of a file found at its end, for the parts to be joined (partsJoin). */
export interface PartEnd {
  records: number;
  closed: boolean;
  commaAfterLast: boolean | undefined;
}

/**
 * Whether the dataset layout's walks of a file's first part and of the rest, done apart, make
 * the walk of the whole file: the list closed once, at the end, and the first part's last record
 * followed by a comma exactly when more records follow. NDJSON parts always join.
 */
export function partsJoin(layout: LineLayout, first: PartEnd, rest: PartEnd): boolean {
  if (layout === 'ndjson') return true;
  if (first.closed) return rest.records === 0 && !rest.closed;
  if (!rest.closed) return false;
  // A comma after the first part's last record exactly when records follow it.
  return first.records === 0 || first.commaAfterLast === rest.records > 0;
}

/** Why a line walk gave up: the file is not in a line layout after all. */
export class NotLineLayout extends Error {}

/**
 * Bytes read at a time (a line longer than that is read on into a larger buffer): under 1 MiB,
 * since Node makes a Latin-1 string of more than about 1 MB an external one; with 4 MiB reads the
 * whole read took twice the CPU.
 */
export const CHUNK_BYTES = 960 << 10;
/**
 * A line longer than this is no record of a line layout but a whole JSON document on one line
 * (`{"seed": …, "images": [...]}`) or no text at all: the walk gives up on it (NotLineLayout) and
 * the JSON stream, which has no size limit, reads the file, rather than this reader holding it
 * whole and refusing it at V8's 512 MiB string limit.
 */
const LONGEST_LINE_BYTES = 64 << 20;

/** Bytes of a file from `start` to before `end` (or its end), which are a part of whole lines. */
export interface FilePart {
  start: number;
  end: number;
}

/**
 * The file's bytes in chunks of whole lines (the last one may lack its line end), each read into
 * memory from `allocate` (of CHUNK_BYTES, unless a line is longer), given the bytes after the
 * previous chunk's last line end, which it may hold (they are moved first); read on from where
 * the file is, or of `part` only (a regular file's). NotLineLayout once the part of a line carried
 * over is longer than LONGEST_LINE_BYTES (a carry is read on into a buffer of twice its size, so a
 * line of up to about twice that is still read whole, far below V8's limit).
 */
export async function* wholeLineChunks(
  file: FileHandle,
  allocate: (size: number) => Buffer,
  part?: FilePart,
): AsyncGenerator<Buffer> {
  let carry: Buffer = Buffer.alloc(0);
  let position = part === undefined ? null : part.start;
  for (;;) {
    if (carry.length > LONGEST_LINE_BYTES) throw new NotLineLayout();
    const buffer = allocate(Math.max(CHUNK_BYTES, carry.length * 2));
    carry.copy(buffer);
    const room = buffer.length - carry.length;
    const length = part === undefined ? room : Math.min(room, part.end - (position as number));
    const { bytesRead } = await file.read(buffer, carry.length, length, position);
    if (position !== null) position += bytesRead;
    const end = carry.length + bytesRead;
    if (bytesRead === 0) {
      if (end > 0) yield buffer.subarray(0, end);
      return;
    }
    const cut = buffer.lastIndexOf(10, end - 1) + 1;
    if (cut > 0) yield buffer.subarray(0, cut);
    carry = buffer.subarray(cut, end);
  }
}

export type LineLayout = 'dataset' | 'ndjson';

/**
 * Bytes of whole lines as text. ASCII (every generated dataset) is copied as it is, which costs a
 * tenth of UTF-8 decoding; anything else is decoded as UTF-8, as a text stream would (a line end
 * is never inside a UTF-8 sequence, so chunks of whole lines decode as the file does).
 */
export function decodedLines(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/**
 * Text is decoded in pieces of whole lines of up to this many bytes (a longer line is a piece of
 * its own): under the size from which V8 gives a string memory of its own outside the young
 * generation, fresh each time. Decoding 563 MiB a chunk of 960 KiB at a time took 0.73 s of CPU,
 * in pieces of 120 KiB 0.06 s (1 Dec, load 3); a check thread decodes half of a million images.
 */
const PIECE_BYTES = 96 << 10;

/** Bytes of whole lines in pieces of whole lines (PIECE_BYTES), each with the offset of its first byte. */
export function* linePieces(bytes: Buffer): Generator<[start: number, piece: Buffer]> {
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.length;
    if (start + PIECE_BYTES < bytes.length) {
      end = bytes.lastIndexOf(10, start + PIECE_BYTES - 1) + 1;
      if (end <= start) {
        const lineEnd = bytes.indexOf(10, start + PIECE_BYTES);
        end = lineEnd < 0 ? bytes.length : lineEnd + 1;
      }
    }
    yield [start, bytes.subarray(start, end)];
    start = end;
  }
}

function isWholeDataset(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, 'images');
}

/**
 * The walk: each line trimmed, blank ones skipped, the dataset format's opening and closing lines
 * and a record's trailing comma taken off, each record parsed and handed to `take`. With `check`,
 * each record is validated and ids must be distinct (DatasetError naming the record at fault);
 * without it, a record is handed on as parsed. NotLineLayout when the file turns out to be laid
 * out otherwise.
 */
export class LineWalk {
  #layout: LineLayout | undefined;
  #closed = false;
  /** In the dataset layout, whether the last record's line ended with a comma; undefined before the first. */
  #commaAfterLast: boolean | undefined;
  #lineNumber = 0;
  #count = 0;
  /** With `check`: the ids met (each id's record index), and in NDJSON each record's line (errors name lines). */
  readonly ids = new DistinctIds();
  readonly #lines: number[] = [];
  readonly #inBytes = new RecordInBytes();
  /** Where the text of the record #line found last is, in the text it was given. */
  #recordStart = 0;
  #recordEnd = 0;

  /**
   * `take` is given each record with where its text is in the text fed: from `start` to before
   * `end`. `continues`: the walk of a file's later part, in that layout (its first line is in an
   * earlier part); its refusals do not name the records as the whole file's walk would.
   */
  constructor(
    readonly take: (record: ImageRecord, start: number, end: number) => void,
    readonly check: boolean,
    continues?: LineLayout,
  ) {
    this.#layout = continues;
  }

  /** Whole lines, each ended by `\n` but perhaps the file's last. */
  feed(text: string): void {
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const record = this.#line(text.slice(start, end), start);
      if (record !== undefined) this.take(record, this.#recordStart, this.#recordEnd);
      start = end + 1;
    }
  }

  /**
   * Whole lines as bytes, each ended by `\n` but perhaps the file's last, with the check on: a
   * record in JSON.stringify's compact form is checked in its bytes (RecordInBytes), without
   * being parsed; any other line is decoded and walked as `feed` walks it. `located` is told of
   * each record where its bytes are, from `start` to before `end`, with its created_at and id.
   * (The places of a line's record are counted in its decoded text: the bytes must be UTF-8.)
   */
  feedBytes(
    bytes: Buffer,
    located: (start: number, end: number, createdAt: string, id: string) => void,
  ): void {
    let lineStart = 0;
    while (lineStart < bytes.length) {
      let lineEnd = bytes.indexOf(10, lineStart);
      if (lineEnd < 0) lineEnd = bytes.length;
      if (!this.#checkedInBytes(bytes, lineStart, lineEnd, located)) {
        const line = bytes.subarray(lineStart, lineEnd);
        const text = decodedLines(line);
        const record = this.#line(text, 0);
        if (record !== undefined) {
          const byteAt = (at: number) =>
            lineStart + (isAscii(line) ? at : Buffer.byteLength(text.slice(0, at)));
          located(byteAt(this.#recordStart), byteAt(this.#recordEnd), record.created_at, record.id);
        }
      }
      lineStart = lineEnd + 1;
    }
  }

  /** A record's line walked in its bytes, if the record is one RecordInBytes accepts and the walk is where a record may come. */
  #checkedInBytes(
    bytes: Buffer,
    lineStart: number,
    lineEnd: number,
    located: (start: number, end: number, createdAt: string, id: string) => void,
  ): boolean {
    if (this.#layout === undefined || this.#closed || this.#commaAfterLast === false) return false;
    // String.prototype.trim takes these blanks and more: a line that is a record's braces past them trims to the same text.
    let start = lineStart;
    while (start < lineEnd && isBlank(bytes[start] as number)) start++;
    let end = lineEnd;
    while (end > start && isBlank(bytes[end - 1] as number)) end--;
    const comma = this.#layout === 'dataset' && end > start && bytes[end - 1] === COMMA;
    if (comma) end--;
    const record = this.#inBytes;
    if (!record.accepts(bytes, start, end)) return false;
    this.#lineNumber++;
    if (this.#layout === 'dataset') this.#commaAfterLast = comma;
    const index = this.#count++;
    if (this.#layout === 'ndjson') this.#lines.push(this.#lineNumber);
    this.#distinct(record.id, index, record.idHash);
    located(start, end, record.createdAt, record.id);
    return true;
  }

  /** What the walk of a part found, once its lines are fed. */
  partEnd(): PartEnd {
    return { records: this.#count, closed: this.#closed, commaAfterLast: this.#commaAfterLast };
  }

  /** The layout, once every line is fed. */
  finish(): LineLayout {
    if (this.#layout === undefined || (this.#layout === 'dataset' && !this.#closed))
      throw new NotLineLayout();
    return this.#layout;
  }

  /** Where a record is: its index in the dataset layout, its line in NDJSON; named only on error. */
  #where(index: number): string {
    return this.#layout === 'dataset' ? `images[${index}]` : `line ${this.#lines[index] as number}`;
  }

  /** The record on a line, checked with `check`, or undefined for a line that holds none; where its text is in #recordStart and #recordEnd. */
  #line(rawLine: string, lineStart: number): ImageRecord | undefined {
    this.#lineNumber++;
    const line = rawLine.trim();
    if (line === '') return;
    if (this.#closed) throw new NotLineLayout();
    if (this.#layout === undefined) {
      if (DATASET_OPENING.test(line)) {
        this.#layout = 'dataset';
        return;
      }
      this.#layout = 'ndjson';
    } else if (this.#layout === 'dataset' && DATASET_CLOSING.test(line)) {
      // `[…,]` is no JSON: the JSON stream refuses it with JSON.parse's own message.
      if (this.#commaAfterLast === true) throw new NotLineLayout();
      this.#closed = true;
      return;
    }
    let text = line;
    if (this.#layout === 'dataset') {
      // Records not separated by a comma are no JSON either.
      if (this.#commaAfterLast === false) throw new NotLineLayout();
      this.#commaAfterLast = line.endsWith(',');
      if (this.#commaAfterLast) text = line.slice(0, -1);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      // A record spread over several lines: not a line layout. A broken line in one is an error.
      if (this.#count === 0 || !text.startsWith('{')) throw new NotLineLayout();
      throw new DatasetError(`line ${this.#lineNumber}: ${(error as Error).message}`);
    }
    // `{"images": [...]}` on one line: a whole dataset, not a record.
    if (this.#count === 0 && this.#layout === 'ndjson' && isWholeDataset(value)) throw new NotLineLayout();
    const index = this.#count++;
    if (this.check) this.#checked(value, index);
    this.#recordStart = lineStart + rawLine.length - rawLine.trimStart().length;
    this.#recordEnd = this.#recordStart + text.length;
    return value as ImageRecord;
  }

  #checked(value: unknown, index: number): void {
    if (this.#layout === 'ndjson') this.#lines.push(this.#lineNumber);
    validateRecord(value, () => this.#where(index));
    this.#distinct((value as ImageRecord).id, index);
  }

  /** The id of the record at `index` added to the ids met (its hash, where known); a DatasetError if it was met before. */
  #distinct(id: string, index: number, hash?: number): void {
    const first = this.ids.add(id, hash);
    if (first >= 0)
      throw new DatasetError(`${this.#where(index)}.id: duplicate of ${this.#where(first)}.id ${id}`);
  }
}
