/**
 * Memory of the list indexes and of the loaded images, in-process, loaded as `serve --dataset`
 * loads them (a large file kept as its bytes, each record made when first read): the heap (and
 * array buffers) after a full garbage collection with the images loaded, after the first read,
 * after a full scan has made every record (and the RSS then), then after a filtered list has
 * built each index (the eight that bench:scale's filters use), each index's share apart with the
 * time its first list took to build it. Run by bench/scale.ts with --expose-gc.
 *
 *   node --expose-gc --import tsx bench/index-memory.ts DATASET
 */
import { readServedDataset } from '../mocks/dataset-file.ts';
import type { GlanceFilters } from '../mocks/glance/filters.ts';
import { ImageService, replaceAllServed } from '../mocks/glance/image-service.ts';
import { DEFAULT_PROJECT_ID } from '../mocks/options.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');
const heapMiB = () => {
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  // The changes-since tree is typed arrays, whose bytes are outside the heap.
  return (heapUsed + arrayBuffers) / 2 ** 20;
};

const file = process.argv[2] ?? '';
const empty = heapMiB();
const service = new ImageService([]);
replaceAllServed(service, await readServedDataset(file));
const loaded = heapMiB();
const FILTERS: [label: string, filters: GlanceFilters][] = [
  ['name', { name: 'none such' }],
  ['status', { status: 'importing' }],
  ['min_ram', { minRam: '512' }],
  ['min_disk', { minDisk: '40' }],
  ['updated_at', { updatedAtGte: '2025-12-31T00:00:00Z' }],
  ['instance_uuid', { properties: [['instance_uuid', 'none such']] }],
  ['image_type', { properties: [['image_type', 'backup']] }],
  ['os_distro', { properties: [['os_distro', 'cirros']] }],
];
// The first read of any list puts the images in list order and maps ids to positions: made
// apart, so that its memory and time are not counted as the first index's.
const ordering = performance.now();
service.list({ projectId: DEFAULT_PROJECT_ID }, { limit: 1 });
const orderMs = performance.now() - ordering;
const ordered = heapMiB();
// A full scan makes every record not made yet (and lets go of the bytes they were made from):
// Glance's list in an order other than list order, which sorts every image.
const scanning = performance.now();
service.glanceList(
  { projectId: DEFAULT_PROJECT_ID, admin: true },
  { limit: 1, sortKeys: ['name'], sortDirs: ['asc'] },
);
const scanMs = performance.now() - scanning;
const scanned = heapMiB();
const scannedRss = process.memoryUsage().rss / 2 ** 20;
const each: string[] = [];
let before = scanned;
for (const [label, filters] of FILTERS) {
  // The first filtered list builds the index: what the first such page waits for.
  const started = performance.now();
  service.list({ projectId: DEFAULT_PROJECT_ID }, { filters, limit: 1 });
  const ms = performance.now() - started;
  const after = heapMiB();
  each.push(`${label} ${(after - before).toFixed(1)} MiB ${ms.toFixed(0)} ms`);
  before = after;
}
const indexed = before;
const per100k = 100_000 / service.size;
console.log(
  `  ${service.size.toLocaleString('en')} images: heap ${(loaded - empty).toFixed(0)} MiB loaded (${((loaded - empty) * per100k).toFixed(0)} MiB per 100k), the first read ${(ordered - loaded).toFixed(1)} MiB ${orderMs.toFixed(0)} ms, every record made (a full scan: Glance's list sorted by name) ${(scanned - ordered).toFixed(1)} MiB ${scanMs.toFixed(0)} ms (RSS then ${scannedRss.toFixed(0)} MiB), indexes ${(indexed - scanned).toFixed(1)} MiB (${((indexed - scanned) * per100k).toFixed(1)} MiB per 100k); each, with the time its first list took to build it: ${each.join(', ')}`,
);
