/** One generated image: record `index` of the dataset seeded with `seed`. */
import type { ImageRecord } from '../mocks/types.ts';
import { cachedKindOf, createDrawContext, type DrawContext, reseed } from './context.ts';
import { drawPublishedImage } from './distribution.ts';
import { drawServer } from './server.ts';
import { drawSnapshot, snapshotBase } from './snapshot.ts';
import { drawUpload } from './upload.ts';

export interface GenerateImageOptions {
  /** Reference date the image's timestamps lead up to (ISO 8601). Default `2026-01-01T00:00:00Z`. */
  now?: string;
}

/** How far back a snapshot looks for the published image its server booted from. */
const BASE_SEARCH_WINDOW = 64;
/** Snapshots pick among the few most recent published images, so servers recur. */
const BASE_CHOICES = 4;
/** Servers per published image that snapshots are taken of. */
const SERVERS_PER_BASE = 3;

function findBaseIndex(context: DrawContext, index: number): number | undefined {
  const skip = Math.floor(context.keys.unit(index, ':base') * BASE_CHOICES);
  let found: number | undefined;
  let seen = 0;
  for (let j = index - 1; j >= 0 && j >= index - BASE_SEARCH_WINDOW; j--) {
    if (cachedKindOf(context, j) !== 'distribution') continue;
    found = j;
    if (seen++ === skip) break;
  }
  return found;
}

/** Draws record `index` with a context whose generator is shared across calls. */
export function drawImage(context: DrawContext, index: number): ImageRecord {
  const kind = cachedKindOf(context, index);
  const baseIndex = kind === 'snapshot' || kind === 'backup' ? findBaseIndex(context, index) : undefined;
  if ((kind === 'snapshot' || kind === 'backup') && baseIndex !== undefined) {
    const base = context.recent.published.get(baseIndex, () => {
      reseed(context, baseIndex);
      return snapshotBase(drawPublishedImage(context, baseIndex));
    });
    const serverNumber = Math.floor(context.keys.unit(index, ':server') * SERVERS_PER_BASE);
    const server = context.recent.servers.get(baseIndex * SERVERS_PER_BASE + serverNumber, () =>
      drawServer(context, base, baseIndex, serverNumber),
    );
    reseed(context, index);
    return drawSnapshot(context, kind, base, server);
  }
  reseed(context, index);
  if (kind === 'upload') return drawUpload(context);
  // The snapshots after it will most likely want it as their base: remembered, not re-drawn.
  const published = drawPublishedImage(context, index);
  context.recent.published.remember(index, snapshotBase(published));
  return published.record;
}

/** Record `index` of the dataset seeded with `seed`: depends on nothing else. */
export function generateImage(seed: number, index: number, options: GenerateImageOptions = {}): ImageRecord {
  return drawImage(createDrawContext(seed, options.now), index);
}
