/**
 * Opt-in persistence for Node (`serve --persist FILE`, `createNovaImagesMock({ persistFile })`):
 * the image service's state kept in an append-only log, so a restart — even after `kill -9` —
 * finds every write that was answered.
 *
 * The file is JSON lines: a header, then one `{"image": record}` per write (the record as stored
 * afterwards; a delete is the soft-deleted record). Each line is written and fdatasync'ed before
 * the write returns, so before its answer is sent. A crash can only tear the last line, which was
 * never acknowledged: loading ignores a torn last line and refuses any other damage. The log is
 * compacted (every record once, written to a temporary file, synced, renamed over the old one)
 * at start, after a reset and whenever it has grown to twice the records it holds.
 */
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { ImageService } from './glance/image-service.ts';
import type { ImageRecord } from './types.ts';

const HEADER = { 'nova-images-mock': 'persisted images', version: 1 };
/** Appended lines allowed before a compaction, at the least. */
const COMPACT_AT_LEAST = 1024;

export class PersistFileError extends Error {
  override name = 'PersistFileError';
}

export interface PersistedStore {
  /** Whether the state came from the file (else from the dataset, now written to it). */
  restored: boolean;
  close(): void;
}

/** The records a persist file holds, the latest line of each id winning; PersistFileError if damaged. */
export function readPersistFile(file: string): ImageRecord[] {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  // Every complete line ends with '\n': what follows the last one is a write torn by a crash.
  lines.pop();
  const header = parseLine(lines[0], file, 1);
  if (header?.['nova-images-mock'] !== HEADER['nova-images-mock']) {
    throw new PersistFileError(
      `${file} is not a nova-images-mock persist file (its first line is not the header)`,
    );
  }
  const records = new Map<string, ImageRecord>();
  for (let index = 1; index < lines.length; index++) {
    const image = parseLine(lines[index], file, index + 1)?.image as ImageRecord | undefined;
    if (typeof image !== 'object' || image === null || typeof image.id !== 'string') {
      throw new PersistFileError(`${file}:${index + 1}: expected {"image": {...}}`);
    }
    records.delete(image.id);
    records.set(image.id, image);
  }
  return [...records.values()];
}

function parseLine(
  line: string | undefined,
  file: string,
  number: number,
): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line ?? '') as Record<string, unknown>;
  } catch {
    throw new PersistFileError(`${file}:${number}: not a JSON line (the file is damaged)`);
  }
}

/** Writes the file anew holding exactly `records`, atomically: a crash leaves the old file or the new. */
function writeWhole(file: string, records: readonly ImageRecord[]): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, `${JSON.stringify(HEADER)}\n`);
    for (const record of records) writeSync(fd, `${JSON.stringify({ image: record })}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  // The rename itself is durable once the directory is synced.
  const directory = openSync(dirname(file), 'r');
  try {
    fsyncSync(directory);
  } finally {
    closeSync(directory);
  }
}

/**
 * Keeps `service` in `file`: restores it from the file when the file exists, else writes the
 * dataset to it; then logs every write. `onReset` hears when a reset rewrote the file.
 */
export function persistToFile(service: ImageService, file: string, onReset?: () => void): PersistedStore {
  const restored = existsSync(file);
  if (restored) service.restore(readPersistFile(file));
  writeWhole(file, service.records());
  let fd = openSync(file, 'a');
  let appended = 0;
  const compact = () => {
    closeSync(fd);
    writeWhole(file, service.records());
    fd = openSync(file, 'a');
    appended = 0;
  };
  const stop = service.onChange((change) => {
    if (change.kind === 'reset') {
      compact();
      onReset?.();
      return;
    }
    writeSync(fd, `${JSON.stringify({ image: change.record })}\n`);
    fdatasyncSync(fd);
    if (++appended > Math.max(COMPACT_AT_LEAST, 2 * service.size)) compact();
  });
  let closed = false;
  return {
    restored,
    close: () => {
      if (closed) return;
      closed = true;
      stop();
      closeSync(fd);
    },
  };
}
