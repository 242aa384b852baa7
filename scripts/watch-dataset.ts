/**
 * `serve --watch`: reload a dataset file when it changes. An edit that does not parse or
 * validate keeps the last good records and says why.
 */
import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { validateDataset } from '../mocks/dataset.ts';
import type { ImageRecord } from '../mocks/types.ts';

/** Editors and json-server write a file in several steps; one reload after they settle. */
const SETTLE_MS = 150;

export function watchDataset(
  path: string,
  onRecords: (records: ImageRecord[]) => void,
  log: (line: string) => void,
): () => void {
  const file = resolve(path);
  let timer: NodeJS.Timeout | undefined;
  /** What the last reload read: a change event that leaves the text as it was is no edit. */
  let lastText: string | undefined;
  let reading = Promise.resolve();
  let stopped = false;

  const reload = async (): Promise<void> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      log(`dataset ${file} not reloaded (${(error as Error).message}); keeping the last good state`);
      return;
    }
    if (stopped || text === lastText) return;
    lastText = text;
    let records: ImageRecord[];
    try {
      records = validateDataset(JSON.parse(text));
    } catch (error) {
      log(`dataset ${file} not reloaded: ${(error as Error).message}; keeping the last good state`);
      return;
    }
    onRecords(records);
    log(`dataset ${file} reloaded: ${records.length} images`);
  };

  // The directory, not the file: editors that save by renaming replace the watched inode.
  const watcher: FSWatcher = watch(dirname(file), (_event, name) => {
    if (name !== basename(file)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      reading = reading.then(reload);
    }, SETTLE_MS);
  });
  return () => {
    stopped = true;
    clearTimeout(timer);
    watcher.close();
  };
}
