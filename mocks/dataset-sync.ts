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
import { RecordsInValues } from './dataset-values.ts';
import type { ImageSource } from './glance/image-service.ts';
import { storedDataset, storedOwnRecord } from './glance/stored-record.ts';
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

/** The path and text of a dataset file, or of a bundled dataset by name. */
function readDatasetText(source: string): { path: string; text: string } {
  const readFileSync = nodeReadFileSync();
  if (!readFileSync) {
    throw new DatasetError(`dataset ${source}: files can only be read in Node; pass records instead`);
  }
  const path = isBundledDataset(source) ? datasetPath(source) : source;
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (error) {
    throw new DatasetError(`${path}: ${(error as Error).message}`);
  }
}

/** A dataset file's records, parsed here, so frozen in place (storedOwnRecord), and their ids. */
function parseFile(source: string) {
  const { path, text } = readDatasetText(source);
  return parseDatasetFile(path, text, storedOwnRecord);
}

export function loadDatasetSync(source: DatasetSource): ImageRecord[] {
  if (typeof source !== 'string') return validatedRecords(source);
  const { path, text } = readDatasetText(source);
  return parseDatasetFile(path, text).records;
}

/**
 * loadDatasetSync in the form the image service takes: a file's records stored (storedDataset),
 * each checked and frozen in one pass, its ids checked once; records given in memory checked and
 * copied in one pass, each stored record made the first time it is read (RecordsInValues).
 */
export function storedDatasetSync(source: DatasetSource): readonly ImageRecord[] | ImageSource {
  if (typeof source !== 'string') return new RecordsInValues(source);
  const { records, ids } = parseFile(source);
  return storedDataset(records, ids);
}
