/**
 * Serialising records as they are generated, in large chunks: writing one small string per
 * record would make the stream, not the generator, the bottleneck.
 */
import type { ImageRecord } from '../mocks/types.ts';

export const OUTPUT_FORMATS = ['dataset', 'ndjson', 'json-server'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const CHUNK_BYTES = 1 << 20;

export interface Layout {
  open: string;
  record: (record: ImageRecord) => string;
  separator: string;
  close: string;
  empty: string;
}

export const LAYOUTS: Readonly<Record<OutputFormat, Layout>> = {
  /** One record per line: compact, and diffs show which record changed. */
  dataset: {
    open: '{"images": [\n',
    record: (record) => JSON.stringify(record),
    separator: ',\n',
    close: '\n]}\n',
    empty: '{"images": []}\n',
  },
  ndjson: { open: '', record: (record) => JSON.stringify(record), separator: '\n', close: '\n', empty: '' },
  /**
   * Exactly as json-server 0.17.4 (lowdb) writes its db file, `JSON.stringify(db, null, 2)`, so
   * its first save after an edit changes only the edited lines.
   */
  'json-server': {
    open: '{\n  "images": [\n    ',
    record: (record) => JSON.stringify(record, null, 2).replaceAll('\n', '\n    '),
    separator: ',\n    ',
    close: '\n  ]\n}',
    empty: '{\n  "images": []\n}',
  },
};

/** Where a run of records sits in the dataset: whether it starts it, whether it ends it. */
export interface DatasetPart {
  opens: boolean;
  closes: boolean;
}

const WHOLE: DatasetPart = { opens: true, closes: true };

/** What ends a part: nothing unless it closes the dataset, the empty layout if it also opens it empty. */
export function partEnd(layout: Layout, part: DatasetPart, empty: boolean): string {
  if (!part.closes) return '';
  return part.opens && empty ? layout.empty : layout.close;
}

/**
 * The dataset in `format` as UTF-8, in chunks of about a megabyte. Each record's text goes
 * straight into the chunk's buffer, so it dies young instead of surviving in a long string.
 * A `part` of the dataset (records drawn apart, to be concatenated) gets the dataset's opening
 * only if it opens it and its closing only if it closes it.
 */
export function* serializeRecords(
  records: Iterable<ImageRecord>,
  format: OutputFormat,
  part: DatasetPart = WHOLE,
): Generator<Buffer> {
  const layout = LAYOUTS[format];
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  let first = part.opens;
  let empty = true;
  for (const record of records) {
    const text = (first ? layout.open : layout.separator) + layout.record(record);
    first = false;
    empty = false;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (used + text.length * 3 > buffer.length) {
      if (used > 0) yield buffer.subarray(0, used);
      buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, text.length * 3));
      used = 0;
    }
    used += buffer.write(text, used);
  }
  const end = partEnd(layout, part, empty);
  if (used + end.length * 3 > buffer.length) {
    yield buffer.subarray(0, used);
    yield Buffer.from(end);
  } else {
    used += buffer.write(end, used);
    yield buffer.subarray(0, used);
  }
}
