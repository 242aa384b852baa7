/**
 * A dataset large enough for the record check to run on threads of its own (files of 64 MiB and
 * more: mocks/dataset-file.ts) and quick to parse: 800 generated records (seed 7), each with a
 * property of 90,000 characters, about 73 MB as a file.
 */
import { generateDataset } from '../../generators/index.ts';
import type { ImageRecord } from '../../mocks/types.ts';

export function largeDataset(): ImageRecord[] {
  const note = 'n'.repeat(90_000);
  return generateDataset({ seed: 7, count: 800 }).map((record) => ({
    ...record,
    properties: { ...record.properties, note },
  }));
}
