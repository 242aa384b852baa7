/** What every draw needs: the one faker instance, the dataset seed and the reference date. */
import { type ImageKind, KIND_WEIGHTS } from './catalog/lifecycle.ts';
import type { PublishedImage } from './distribution.ts';
import { Recent } from './recent.ts';
import { createSeededFaker, hashUnit, hashWords, type SeededFaker } from './seeding.ts';
import type { Server } from './server.ts';
import { DEFAULT_NOW, parseNow } from './time.ts';

export interface DrawContext {
  faker: SeededFaker;
  seed: number;
  /** Reference date, ms since the epoch. */
  now: number;
  recent: { published: Recent<number, PublishedImage>; servers: Recent<string, Server> };
}

/** A context for drawing records of the dataset seeded with `seed`, timed relative to `now`. */
export function createDrawContext(seed: number, now = DEFAULT_NOW): DrawContext {
  return {
    faker: createSeededFaker(),
    seed,
    now: parseNow(now),
    recent: { published: new Recent(32), servers: new Recent(64) },
  };
}

/** Re-seeds the faker for one entity of the dataset, named by `key` (e.g. the record index). */
export function reseed(context: DrawContext, key: string): void {
  context.faker.seed(hashWords(`${context.seed}:${key}`));
}

const KIND_TOTAL = KIND_WEIGHTS.reduce((sum, entry) => sum + entry.weight, 0);

/**
 * The kind of record i, from a hash rather than a faker draw so that a snapshot can find
 * distribution images before it without drawing them.
 */
export function kindOf(seed: number, index: number): ImageKind {
  let pick = hashUnit(`${seed}:${index}:kind`) * KIND_TOTAL;
  for (const entry of KIND_WEIGHTS) {
    pick -= entry.weight;
    if (pick < 0) return entry.value;
  }
  return 'distribution';
}
