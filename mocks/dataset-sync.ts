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
  madeDataset,
  parseDatasetFile,
  validatedRecords,
} from './dataset.ts';
import { storedDataset, storedOwnRecord, storedRecord } from './glance/stored-record.ts';
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
 * loadDatasetSync in the image service's stored form (storedDataset): each record checked and
 * copied in one pass, and its id checked once.
 */
export function storedDatasetSync(source: DatasetSource): readonly ImageRecord[] {
  const { records, ids } =
    typeof source === 'string'
      ? parseFile(source)
      : madeDataset(Array.isArray(source) ? { images: source } : source, storedRecord);
  return storedDataset(records, ids);
}
