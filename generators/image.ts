/** One generated image: record `index` of the dataset seeded with `seed`. */
import type { ImageRecord } from '../mocks/types.ts';
import { cachedKindOf, createDrawContext, type DrawContext, reseed } from './context.ts';
import { drawPublishedImage } from './distribution.ts';
import { type DrawnImage, imageRecord } from './drawn-image.ts';
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

/**
 * Draws record `index` into the context's drawn image (and returns it: it is drawn into again
 * by the next call), with a context whose generator is shared across calls.
 */
export function drawImageInto(context: DrawContext, index: number): DrawnImage {
  const image = context.image;
  const kind = cachedKindOf(context, index);
  const baseIndex = kind === 'snapshot' || kind === 'backup' ? findBaseIndex(context, index) : undefined;
  if ((kind === 'snapshot' || kind === 'backup') && baseIndex !== undefined) {
    const { published, servers } = context.recent;
    let base = published.find(baseIndex);
    if (base === undefined) {
      reseed(context, baseIndex);
      base = snapshotBase(drawPublishedImage(context, baseIndex, image.start()), image, published.take());
      published.remember(baseIndex, base);
    }
    const serverNumber = Math.floor(context.keys.unit(index, ':server') * SERVERS_PER_BASE);
    const serverKey = baseIndex * SERVERS_PER_BASE + serverNumber;
    let server = servers.find(serverKey);
    if (server === undefined) {
      server = drawServer(context, base, baseIndex, serverNumber, servers.take());
      servers.remember(serverKey, server);
    }
    reseed(context, index);
    return drawSnapshot(context, kind, base, server, image.start());
  }
  reseed(context, index);
  if (kind === 'upload') return drawUpload(context, image.start());
  // The snapshots after it will most likely want it as their base: remembered, not re-drawn.
  const build = drawPublishedImage(context, index, image.start());
  const { published } = context.recent;
  published.remember(index, snapshotBase(build, image, published.take()));
  return image;
}

/** Record `index`, drawn with a context whose generator is shared across calls. */
export function drawImage(context: DrawContext, index: number): ImageRecord {
  return imageRecord(drawImageInto(context, index));
}

/** Record `index` of the dataset seeded with `seed`: depends on nothing else. */
export function generateImage(seed: number, index: number, options: GenerateImageOptions = {}): ImageRecord {
  return drawImage(createDrawContext(seed, options.now), index);
}
