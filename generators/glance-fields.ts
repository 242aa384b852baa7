/**
 * The Glance fields of a generated record: formats, tags and, for images with data, the digests
 * and virtual size Glance records on upload. Drawn after every other field of the record, so
 * adding them left the other fields of each record as they were.
 */
import type { ImageRecord } from '../mocks/types.ts';
import { HASH_ALGORITHM } from './catalog/glance.ts';
import { hexId } from './ids.ts';
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

/** Sets the Glance fields of `record` (its size decides whether it has data). */
export function addGlanceFields(random: Random, record: ImageRecord, facts: GlanceFieldFacts): ImageRecord {
  const hasData = record.size !== null;
  record.disk_format = facts.diskFormat;
  record.container_format = facts.containerFormat;
  record.checksum = hasData ? hexId(random, 32) : null;
  record.os_hash_algo = hasData ? HASH_ALGORITHM : null;
  record.os_hash_value = hasData ? hexId(random, 128) : null;
  record.virtual_size = hasData ? facts.virtualSize : null;
  record.tags = facts.maxTags === 0 ? [] : random.sample(facts.tags, 0, facts.maxTags);
  return record;
}
