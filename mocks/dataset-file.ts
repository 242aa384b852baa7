/**
 * Reading dataset files of any size (Node only). The generator's layouts put one record on a
 * line — the dataset format (`{"images": [` … one record per line … `]}`) and NDJSON — so those
 * are read line by line: no single string holds the file, which V8 caps at 512 MiB (about 630k
 * images). Any other layout of `{"images": [...]}` (e.g. pretty-printed) is streamed too, each
 * record cut out of the text as it comes (dataset-json-stream.ts), at about twice the CPU.
 */
import { createReadStream } from 'node:fs';
import { DatasetError, validateRecord } from './dataset.ts';
import { readJsonDataset } from './dataset-json-stream.ts';
import { NO_ITEMS, storedRecord } from './glance/stored-record.ts';
import { StringPool } from './string-pool.ts';
import type { ImageRecord } from './types.ts';

const DATASET_OPENING = /^\{\s*"images"\s*:\s*\[\s*$/;
const DATASET_CLOSING = /^\]\s*\}$/;

/**
 * The lines of a file, without their line ends, read in large chunks and handed out a chunk's
 * lines at a time (a promise per line would cost a million of them).
 */
async function* fileLines(path: string): AsyncGenerator<string[]> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    const lines: string[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      lines.push(text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end));
      start = end + 1;
    }
    rest = text.slice(start);
    yield lines;
  }
  if (rest !== '') yield [rest];
}

/**
 * A parsed record no one else holds, its properties and lists frozen in place (copying a million
 * records' properties would cost as much as parsing them), in the image service's stored form
 * (properties.ts).
 */
function frozenParts(record: ImageRecord): ImageRecord {
  Object.freeze(record.properties);
  for (const list of [record.members, record.pending_members, record.rejected_members, record.tags]) {
    if (list !== undefined) Object.freeze(list);
  }
  return record;
}

const LIST_FIELDS = ['members', 'pending_members', 'rejected_members', 'tags'] as const;

/**
 * frozenParts, with each repeated string (owner, names, property values, list items) one shared
 * copy and every empty list one frozen array: about a fifth of a loaded image's memory.
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
  for (const field of LIST_FIELDS) {
    const list = record[field];
    if (list === undefined) continue;
    if (list.length === 0) record[field] = NO_ITEMS;
    else
      for (let index = 0; index < list.length; index++)
        list[index] = pool.shared(field, list[index] as string);
  }
  return frozenParts(record);
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

function isWholeDataset(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, 'images');
}

/** Why a line-based read gave up: the file is not in a line layout after all. */
class NotLineLayout extends Error {}

/**
 * How a file lays out its records: `dataset` (`{"images": [` + a record per line + `]}`),
 * `ndjson` (a record per line, nothing else) or `json` (any other JSON `{"images": [...]}`).
 */
export type DatasetLayout = 'dataset' | 'ndjson' | 'json';

export interface DatasetFile {
  /** In the form asked for (RecordForm). */
  records: ImageRecord[];
  layout: DatasetLayout;
}

/**
 * Records of a file in one of the line layouts, validated as they come; throws NotLineLayout
 * when the file turns out to be laid out otherwise.
 */
async function readLines(path: string, make: (record: ImageRecord) => ImageRecord): Promise<DatasetFile> {
  const records: ImageRecord[] = [];
  const ids = new Set<string>();
  /** The line of each record, in NDJSON (where errors name lines). */
  const lines: number[] = [];
  let layout: 'dataset' | 'ndjson' | undefined;
  // Where a record is: its index in the dataset layout, its line in NDJSON; named only on error.
  const where = (index: number) =>
    layout === 'dataset' ? `images[${index}]` : `line ${lines[index] as number}`;
  let closed = false;
  let lineNumber = 0;
  for await (const batch of fileLines(path))
    for (const rawLine of batch) {
      lineNumber++;
      const line = rawLine.trim();
      if (line === '') continue;
      if (closed) throw new NotLineLayout();
      if (layout === undefined) {
        if (DATASET_OPENING.test(line)) {
          layout = 'dataset';
          continue;
        }
        layout = 'ndjson';
      } else if (layout === 'dataset' && DATASET_CLOSING.test(line)) {
        closed = true;
        continue;
      }
      const text = layout === 'dataset' && line.endsWith(',') ? line.slice(0, -1) : line;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        // A record spread over several lines: not a line layout. A broken line in one is an error.
        if (records.length === 0 || !text.startsWith('{')) throw new NotLineLayout();
        throw new DatasetError(`line ${lineNumber}: ${(error as Error).message}`);
      }
      // `{"images": [...]}` on one line: a whole dataset, not a record.
      if (records.length === 0 && layout === 'ndjson' && isWholeDataset(value)) throw new NotLineLayout();
      const index = records.length;
      if (layout === 'ndjson') lines.push(lineNumber);
      validateRecord(value, () => where(index));
      const record = value as ImageRecord;
      // One hash operation per record: a duplicate id does not grow the set.
      ids.add(record.id);
      if (ids.size === index) {
        const first = records.findIndex((earlier) => earlier.id === record.id);
        throw new DatasetError(`${where(index)}.id: duplicate of ${where(first)}.id ${record.id}`);
      }
      records.push(make(record));
    }
  if (layout === undefined || (layout === 'dataset' && !closed)) throw new NotLineLayout();
  return { records, layout };
}

/**
 * The records of a dataset file in the dataset format, as NDJSON, or as any JSON
 * `{"images": [...]}`, of any size; errors name the file and the record at fault.
 */
export async function readDatasetFile(path: string, form: RecordForm = 'stored'): Promise<DatasetFile> {
  try {
    return await readLines(path, maker(form));
  } catch (error) {
    if (error instanceof DatasetError) throw new DatasetError(`${path}: ${error.message}`);
    if (!(error instanceof NotLineLayout)) throw new DatasetError(`${path}: ${(error as Error).message}`);
  }
  try {
    return { records: await readJsonDataset(path, maker(form)), layout: 'json' };
  } catch (error) {
    throw new DatasetError(`${path}: ${(error as Error).message}`);
  }
}
