/** Whole datasets: the api-samples records first, then generated records 0, 1, 2, … */
import apiSamples from '../fixtures/datasets/api-samples.json' with { type: 'json' };
import { validateDataset } from '../mocks/dataset.ts';
import type { ImageRecord } from '../mocks/types.ts';
import { createDrawContext } from './context.ts';
import { drawImage } from './image.ts';

export interface GenerateDatasetOptions {
  /** Same seed, same options: byte-identical dataset. */
  seed: number;
  /** Number of records in the dataset, api-samples records included. */
  count: number;
  /** Start with the 11 api-samples images (default true). */
  samples?: boolean;
  /** Reference date the timestamps lead up to (ISO 8601). Default `2026-01-01T00:00:00Z`. */
  now?: string;
}

const SAMPLE_RECORDS = validateDataset(apiSamples);
/** How many api-samples records a dataset starts with (unless `samples: false`). */
export const SAMPLE_COUNT = SAMPLE_RECORDS.length;

/**
 * The dataset's records, one at a time: memory stays flat however large `count` is. Generated
 * record i depends only on (seed, i), so a larger count only appends records.
 */
export function datasetRecords(options: GenerateDatasetOptions): Generator<ImageRecord> {
  return datasetSlice(options, 0, options.count);
}

/**
 * Records `start` to `end` (exclusive) of the dataset, exactly as `datasetRecords` gives them:
 * slices can be drawn apart (e.g. in parallel) and concatenated.
 */
export function* datasetSlice(
  options: GenerateDatasetOptions,
  start: number,
  end: number,
): Generator<ImageRecord> {
  checkSlice(options, start, end);
  const samples = samplesIn(options);
  let index = start;
  for (; index < Math.min(end, samples); index++) yield structuredClone(SAMPLE_RECORDS[index] as ImageRecord);
  const context = createDrawContext(options.seed, options.now);
  for (; index < end; index++) yield drawImage(context, index - samples);
}

/** Throws a RangeError unless the options and records `start` to `end` make a slice of a dataset. */
export function checkSlice(options: GenerateDatasetOptions, start: number, end: number): void {
  const { seed, count } = options;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isSafeInteger(count) || count < 0)
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end > count || start > end)
    throw new RangeError(`slice ${start}..${end} is not within 0..${count}`);
}

/** How many records the dataset starts with that are api-samples records rather than drawn. */
export function samplesIn(options: GenerateDatasetOptions): number {
  return options.samples === false ? 0 : Math.min(SAMPLE_COUNT, options.count);
}

export function generateDataset(options: GenerateDatasetOptions): ImageRecord[] {
  return [...datasetRecords(options)];
}
