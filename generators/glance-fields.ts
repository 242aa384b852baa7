/**
 * The Glance fields of a generated image: formats, tags and, for images with data, the digests
 * and virtual size Glance records on upload. Drawn after every other field of the image, so
 * adding them left the other fields of each record as they were.
 */
import { CHECKSUM_LENGTH, type DrawnImage, HASH_LENGTH } from './drawn-image.ts';
import { drawHexWords } from './ids.ts';
import type { Random } from './random.ts';

export interface GlanceFieldFacts {
  diskFormat: string;
  containerFormat: string;
  /** Bytes of the disk the image expands to. */
  virtualSize: number;
  /** Tags to draw from, and how many at most. */
  tags: readonly string[];
  maxTags: number;
}

const NO_TAGS: readonly string[] = [];

/** Sets the Glance fields of `image` (its size decides whether it has data). */
export function addGlanceFields(random: Random, image: DrawnImage, facts: GlanceFieldFacts): DrawnImage {
  image.hasData = image.size !== null;
  image.diskFormat = facts.diskFormat;
  image.containerFormat = facts.containerFormat;
  if (image.hasData) {
    drawHexWords(random, CHECKSUM_LENGTH, image.checksumWords);
    drawHexWords(random, HASH_LENGTH, image.hashWords);
  }
  image.virtualSize = facts.virtualSize;
  image.tags = facts.maxTags === 0 ? NO_TAGS : random.sample(facts.tags, 0, facts.maxTags);
  return image;
}
