/** What every draw needs: the one seeded generator, the dataset seed and the reference date. */
import { type ImageKind, KIND_WEIGHTS } from './catalog/lifecycle.ts';
import { DrawnImage } from './drawn-image.ts';
import { Random } from './random.ts';
import { Recent } from './recent.ts';
import { RecordKeys } from './seeding.ts';
import type { Server } from './server.ts';
import type { SnapshotBase } from './snapshot.ts';
import { DEFAULT_NOW, parseNow } from './time.ts';

export interface DrawContext {
  random: Random;
  seed: number;
  /** The seeding hashes of this seed's keys. */
  keys: RecordKeys;
  /** Reference date, ms since the epoch. */
  now: number;
  /** Published images by record index; servers by base index × SERVERS_PER_BASE + server number. */
  recent: { published: Recent<number, SnapshotBase>; servers: Recent<number, Server> };
  /** Kinds of the last KIND_CACHE indices asked for: snapshots look back over the same ones. */
  kinds: { indices: Float64Array; values: ImageKind[] };
  /** What each image is drawn into (drawImageInto). */
  image: DrawnImage;
}

const KIND_CACHE = 128;

/** A context for drawing records of the dataset seeded with `seed`, timed relative to `now`. */
export function createDrawContext(seed: number, now = DEFAULT_NOW): DrawContext {
  return {
    random: new Random(),
    seed,
    keys: new RecordKeys(seed),
    now: parseNow(now),
    recent: { published: new Recent(32), servers: new Recent(64) },
    kinds: {
      indices: new Float64Array(KIND_CACHE).fill(-1),
      values: new Array(KIND_CACHE).fill('distribution'),
    },
    image: new DrawnImage(),
  };
}

/**
 * Re-seeds the generator for one entity of the dataset, named by a record index and what of it
 * (`${seed}:${index}${suffix}` hashed; the record itself has no suffix).
 */
export function reseed(context: DrawContext, index: number, suffix = ''): void {
  context.random.seed(context.keys.hash(index, suffix));
}

const KIND_TOTAL = KIND_WEIGHTS.reduce((sum, entry) => sum + entry.weight, 0);

/**
 * The kind of record i, from a hash rather than a draw so that a snapshot can find
 * distribution images before it without drawing them.
 */
function kindOf(keys: RecordKeys, index: number): ImageKind {
  let pick = keys.unit(index, ':kind') * KIND_TOTAL;
  for (const entry of KIND_WEIGHTS) {
    pick -= entry.weight;
    if (pick < 0) return entry.value;
  }
  return 'distribution';
}

/** kindOf(context.keys, index), remembered for the next few records. */
export function cachedKindOf(context: DrawContext, index: number): ImageKind {
  const { indices, values } = context.kinds;
  const slot = index % KIND_CACHE;
  if (indices[slot] === index) return values[slot] as ImageKind;
  const kind = kindOf(context.keys, index);
  indices[slot] = index;
  values[slot] = kind;
  return kind;
}
