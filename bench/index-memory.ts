/**
 * Memory of the list indexes and of the loaded images, in-process: the heap after a full garbage
 * collection with the images loaded, then after a filtered list has built each index (the eight
 * that bench:scale's filters use). Run by bench/scale.ts with --expose-gc.
 *
 *   node --expose-gc --import tsx bench/index-memory.ts DATASET
 */
import { readDatasetFile } from '../mocks/dataset-file.ts';
import type { GlanceFilters } from '../mocks/glance/filters.ts';
import { ImageService } from '../mocks/glance/image-service.ts';
import { DEFAULT_PROJECT_ID } from '../mocks/options.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');
const heapMiB = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const file = process.argv[2] ?? '';
const empty = heapMiB();
const service = new ImageService((await readDatasetFile(file)).records);
const loaded = heapMiB();
const FILTERS: GlanceFilters[] = [
  { name: 'none such' },
  { status: 'importing' },
  { minRam: '512' },
  { minDisk: '40' },
  { updatedAtGte: '2025-12-31T00:00:00Z' },
  { properties: [['instance_uuid', 'none such']] },
  { properties: [['image_type', 'backup']] },
  { properties: [['os_distro', 'cirros']] },
];
for (const filters of FILTERS) service.list({ projectId: DEFAULT_PROJECT_ID }, { filters, limit: 1 });
const indexed = heapMiB();
const per100k = 100_000 / service.size;
console.log(
  `  ${service.size.toLocaleString('en')} images: heap ${(loaded - empty).toFixed(0)} MiB loaded (${((loaded - empty) * per100k).toFixed(0)} MiB per 100k), indexes ${(indexed - loaded).toFixed(1)} MiB (${((indexed - loaded) * per100k).toFixed(1)} MiB per 100k)`,
);
