/**
 * `serve --watch`: reload a dataset file when it changes, read as the first load read it (a
 * large file in a line layout served from its bytes, readServedDataset). An edit that does not
 * parse or validate keeps the last good records and says why.
 */
import { type FSWatcher, watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { readServedDataset } from '../mocks/dataset-file.ts';
import type { ImageSource } from '../mocks/glance/image-service.ts';
import type { ImageRecord } from '../mocks/types.ts';

/** Editors and json-server write a file in several steps; one reload after they settle. */
const SETTLE_MS = 150;

export function watchDataset(
  path: string,
  onDataset: (served: readonly ImageRecord[] | ImageSource) => void,
  log: (line: string) => void,
): () => void {
  const file = resolve(path);
  let timer: NodeJS.Timeout | undefined;
  /** Size and time of the file the last reload read: an event that leaves both as they were is no edit. */
  let lastVersion: string | undefined;
  let reading = Promise.resolve();
  let stopped = false;

  const reload = async (): Promise<void> => {
    let version: string;
    try {
      const { size, mtimeMs } = await stat(file);
      version = `${size}:${mtimeMs}`;
    } catch (error) {
      log(`dataset ${file} not reloaded (${(error as Error).message}); keeping the last good state`);
      return;
    }
    if (stopped || version === lastVersion) return;
    lastVersion = version;
    let served: readonly ImageRecord[] | ImageSource;
    try {
      served = await readServedDataset(file);
    } catch (error) {
      // The line names the file already.
      const reason = (error as Error).message.replace(`${file}: `, '');
      log(`dataset ${file} not reloaded: ${reason}; keeping the last good state`);
      return;
    }
    if (stopped) return;
    onDataset(served);
    const count = Array.isArray(served) ? served.length : (served as ImageSource).count;
    log(`dataset ${file} reloaded: ${count} images`);
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
