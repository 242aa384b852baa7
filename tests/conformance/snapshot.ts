/** The recorded answers (tests/conformance/snapshots/<corpus>.json) and where their data lives. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CONFORMANCE_DIR, EXPORTED_DIR, type Service, SNAPSHOT_DIR, type Step } from './corpus.ts';
import type { Answer } from './normalise.ts';

export interface Snapshot {
  /** The Debian package versions answering, and when. */
  recorded: { nova: string; glance: string; at: string };
  /** Absent in snapshots recorded before Glance corpora: `nova`. */
  service?: Service;
  dataset: string;
  sequences: Array<{ name: string; steps: Array<{ request: Step; response: Answer }> }>;
}

const BUNDLED_DIR = join(CONFORMANCE_DIR, '..', '..', 'fixtures', 'datasets');

/** A bundled dataset name, or `datasets/<file>.json` below tests/conformance. */
export function datasetFileOf(dataset: string): string {
  return dataset.includes('/') ? join(CONFORMANCE_DIR, dataset) : join(BUNDLED_DIR, `${dataset}.json`);
}

/** What load.py exported for a dataset: the records real Glance holds, served by the replay. */
export function exportedFileOf(dataset: string): string {
  return join(EXPORTED_DIR, `${basename(dataset, '.json')}.json`);
}

export function readSnapshots(): Array<{ name: string; snapshot: Snapshot }> {
  if (!existsSync(SNAPSHOT_DIR)) return [];
  return readdirSync(SNAPSHOT_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      name: file.slice(0, -'.json'.length),
      snapshot: JSON.parse(readFileSync(join(SNAPSHOT_DIR, file), 'utf8')) as Snapshot,
    }));
}
