/**
 * Synchronous dataset loading, so that `createHandlers` and `createNovaImagesMock` can return at
 * once. Files are read only where Node's fs exists; the browser runtime loads datasets
 * asynchronously and passes records.
 */
import {
  type BundledDatasetName,
  DatasetError,
  type DatasetSource,
  isBundledDataset,
  parseDatasetFile,
  validatedRecords,
} from './dataset.ts';
import type { ImageRecord } from './types.ts';

type ReadFileSync = (path: string, encoding: 'utf8') => string;

// Not written `new URL('…', import.meta.url)`: bundlers treat that form as an asset reference
// and would copy every dataset file into a browser build, where this path is never read.
const moduleUrl = import.meta.url;

/** The file of a bundled dataset (Node only). */
export function datasetPath(name: BundledDatasetName): string {
  return decodeURIComponent(new URL(`../fixtures/datasets/${name}.json`, moduleUrl).pathname);
}

function nodeReadFileSync(): ReadFileSync | undefined {
  const getBuiltinModule = globalThis.process?.getBuiltinModule as
    | ((id: 'node:fs') => { readFileSync: ReadFileSync })
    | undefined;
  return getBuiltinModule?.('node:fs').readFileSync;
}

export function loadDatasetSync(source: DatasetSource): ImageRecord[] {
  if (typeof source !== 'string') return validatedRecords(source);
  const readFileSync = nodeReadFileSync();
  if (!readFileSync) {
    throw new DatasetError(`dataset ${source}: files can only be read in Node; pass records instead`);
  }
  const path = isBundledDataset(source) ? datasetPath(source) : source;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DatasetError(`${path}: ${(error as Error).message}`);
  }
  return parseDatasetFile(path, text);
}
