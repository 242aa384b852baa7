/**
 * json-server's database for `data`, kept in the dataset file in the file's own layout: lowdb's
 * FileSync would read the file into one string and write it back as one, which fails past
 * 512 MiB (about 630k images), and would turn a one-record-per-line file into a pretty-printed one.
 */
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { serializeRecords } from '../generators/writer.ts';
import type { DatasetLayout } from '../mocks/dataset-file.ts';
import type { ImageRecord } from '../mocks/types.ts';

interface DatabaseState {
  images: ImageRecord[];
}

/** A lowdb 1.x database: what json-server's router accepts instead of a file name. */
export interface LowDatabase {
  getState(): DatabaseState;
}

/** A json-server layout for each file layout: what it was, except `json`, which json-server itself writes. */
const OUTPUT: Readonly<Record<DatasetLayout, 'dataset' | 'ndjson' | 'json-server'>> = {
  dataset: 'dataset',
  ndjson: 'ndjson',
  json: 'json-server',
};

/**
 * Writes the whole file on every edit, as json-server does, but a megabyte at a time into a
 * temporary file that then replaces it, so `serve --watch` never reads half a file.
 */
function writeDataset(path: string, records: readonly ImageRecord[], layout: DatasetLayout): void {
  const temporary = join(dirname(path), `.${process.pid}.nova-images-data.tmp`);
  const fd = openSync(temporary, 'w');
  try {
    for (const chunk of serializeRecords(records, OUTPUT[layout])) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** The records json-server serves from a file, and the file's layout, in which every edit saves them. */
export interface DatabaseFile {
  images: ImageRecord[];
  layout: DatasetLayout;
}

/** json-server's lowdb, over records already read from `path`. */
export function datasetDatabase(path: string, file: DatabaseFile): LowDatabase {
  // lowdb is json-server's own dependency, not ours: load the copy json-server loads.
  const requireFromJsonServer = createRequire(createRequire(import.meta.url).resolve('json-server'));
  const low = requireFromJsonServer('lowdb') as (adapter: object) => LowDatabase;
  return low({
    read: (): DatabaseState => ({ images: file.images }),
    write: (state: DatabaseState) => writeDataset(path, state.images, file.layout),
  });
}
