/**
 * Serialising records as they are generated, in large chunks: writing one small string per
 * record would make the stream, not the generator, the bottleneck.
 */
import type { ImageRecord } from '../mocks/types.ts';

export const OUTPUT_FORMATS = ['dataset', 'ndjson', 'json-server'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const CHUNK_CHARS = 1 << 20;

interface Layout {
  open: string;
  record: (record: ImageRecord) => string;
  separator: string;
  close: string;
  empty: string;
}

const LAYOUTS: Readonly<Record<OutputFormat, Layout>> = {
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

/** The text of a dataset in `format`, in chunks of about a megabyte. */
export function* serializeRecords(records: Iterable<ImageRecord>, format: OutputFormat): Generator<string> {
  const layout = LAYOUTS[format];
  let chunk = '';
  let first = true;
  for (const record of records) {
    chunk += (first ? layout.open : layout.separator) + layout.record(record);
    first = false;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield first ? layout.empty : chunk + layout.close;
}
