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
import { storedRecord } from './glance/stored-record.ts';
import type { ImageRecord } from './types.ts';

const DATASET_OPENING = /^\{\s*"images"\s*:\s*\[\s*$/;
const DATASET_CLOSING = /^\]\s*\}$/;

/** The lines of a file, without their line ends, read in large chunks. */
async function* fileLines(path: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      yield text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
      start = end + 1;
    }
    rest = text.slice(start);
  }
  if (rest !== '') yield rest;
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

/**
 * What a read makes of each record: `stored`, the image service's record at once, which the service
 * keeps as it is (the parsed object dies young); `editable`, the parsed record with its fields in
 * the file's order, for an editor that changes them in place (`data`, json-server).
 */
export type RecordForm = 'stored' | 'editable';

const MAKE: Readonly<Record<RecordForm, (record: ImageRecord) => ImageRecord>> = {
  stored: (record) => storedRecord(frozenParts(record)),
  editable: frozenParts,
};

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
  /** Where each id first occurred: its index (dataset layout) or line (NDJSON). */
  const firstOfId = new Map<string, number>();
  let layout: 'dataset' | 'ndjson' | undefined;
  let closed = false;
  let lineNumber = 0;
  for await (const rawLine of fileLines(path)) {
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
    // Where a record is: its index in the dataset layout, its line in NDJSON; named only on error.
    const mark = layout === 'dataset' ? records.length : lineNumber;
    const where = (at: number) => (layout === 'dataset' ? `images[${at}]` : `line ${at}`);
    validateRecord(value, () => where(mark));
    const record = value as ImageRecord;
    const first = firstOfId.get(record.id);
    if (first !== undefined)
      throw new DatasetError(`${where(mark)}.id: duplicate of ${where(first)}.id ${record.id}`);
    firstOfId.set(record.id, mark);
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
    return await readLines(path, MAKE[form]);
  } catch (error) {
    if (error instanceof DatasetError) throw new DatasetError(`${path}: ${error.message}`);
    if (!(error instanceof NotLineLayout)) throw new DatasetError(`${path}: ${(error as Error).message}`);
  }
  try {
    return { records: await readJsonDataset(path, MAKE[form]), layout: 'json' };
  } catch (error) {
    throw new DatasetError(`${path}: ${(error as Error).message}`);
  }
}
