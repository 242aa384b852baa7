/**
 * Loading a dataset in any runtime. Bundled datasets come through the module loader, so bundlers
 * include them. From the sources (tests, the demo in Vite) that is the one import below; the
 * package's build (tools/build.mjs) replaces it by one import with a fixed path per dataset,
 * compiled to JavaScript, which every bundler (Vite, esbuild, webpack, Rollup) follows without
 * configuration or a JSON loader, each dataset in a chunk of its own, loaded on demand.
 */
import {
  type BundledDatasetName,
  DatasetError,
  type DatasetSource,
  isBundledDataset,
  validateDataset,
} from './dataset.ts';
import { loadDatasetSync } from './dataset-sync.ts';
import type { ImageRecord } from './types.ts';

const importBundled = (name: BundledDatasetName): Promise<{ default: unknown }> =>
  import(`../fixtures/datasets/${name}.json`, { with: { type: 'json' } });

export async function loadBundledDataset(name: BundledDatasetName): Promise<ImageRecord[]> {
  let module: { default: unknown };
  try {
    module = await importBundled(name);
  } catch (error) {
    throw new DatasetError(`bundled dataset ${name} could not be loaded: ${(error as Error).message}`);
  }
  return validateDataset(module.default);
}

/** A bundled dataset by name, a dataset file by path (Node only), or records/a dataset given in memory. */
export async function loadDataset(source: DatasetSource): Promise<ImageRecord[]> {
  if (typeof source === 'string' && isBundledDataset(source)) return loadBundledDataset(source);
  return loadDatasetSync(source);
}
