/**
 * A generated image as it is drawn: its fields as the values they are drawn as (ids as their
 * random words, times as milliseconds, properties as two lists in the order they were set), in
 * one object each drawing context reuses. From it, either the image's JSON is written straight
 * into bytes (record-json.ts), which is how large datasets are generated, or its ImageRecord is
 * made (`imageRecord`): a generated file needs neither the record's object nor its id, hash and
 * time strings, which were most of what drawing a record allocated.
 */
import type { ImageProperties, ImageRecord, ImageStatus, ImageVisibility } from '../mocks/types.ts';
import { HASH_ALGORITHM } from './catalog/glance.ts';
import { hexText, UUID_WORDS, uuidText } from './ids.ts';
import { emptyProperties } from './properties.ts';
import { isoSeconds } from './time.ts';

/** Hex digits of a Glance MD5 checksum and of its SHA-512 `os_hash_value`. */
export const CHECKSUM_LENGTH = 32;
export const HASH_LENGTH = 128;

/**
 * Image properties in the order they were first set, as an object's string keys enumerate (no
 * generated key is an integer, which an object would list first). Setting a key again changes its
 * value where it is, as assigning to an object's key does.
 */
export class PropertyList {
  readonly keys: string[] = [];
  readonly values: (string | null)[] = [];
  length = 0;

  clear(): void {
    this.length = 0;
  }

  set(key: string, value: string | null): void {
    const keys = this.keys;
    for (let i = 0; i < this.length; i++) {
      if (keys[i] === key) {
        this.values[i] = value;
        return;
      }
    }
    keys[this.length] = key;
    this.values[this.length] = value;
    this.length++;
  }

  /** As an object (null-prototype, as the store keeps them). */
  object(): ImageProperties {
    const properties = emptyProperties();
    for (let i = 0; i < this.length; i++)
      properties[this.keys[i] as string] = this.values[i] as string | null;
    return properties;
  }
}

const NO_STRINGS: readonly string[] = [];

export class DrawnImage {
  /** The UUID's words (drawUuidWords). */
  readonly idWords = new Uint32Array(UUID_WORDS);
  name = '';
  status: ImageStatus = 'active';
  visibility: ImageVisibility = 'private';
  owner = '';
  protected = false;
  osHidden = false;
  minRam = 0;
  minDisk = 0;
  size: number | null = null;
  /** Milliseconds since the epoch. */
  createdAt = 0;
  updatedAt = 0;
  readonly properties = new PropertyList();
  deleted = false;
  /** Accepted members; none (the field left out) when empty. */
  members: readonly string[] = NO_STRINGS;
  diskFormat = '';
  containerFormat = '';
  /** Whether Glance holds data for it: then it has a checksum, a hash and a virtual size. */
  hasData = false;
  readonly checksumWords = new Uint32Array(CHECKSUM_LENGTH / 8);
  readonly hashWords = new Uint32Array(HASH_LENGTH / 8);
  virtualSize = 0;
  tags: readonly string[] = NO_STRINGS;

  /** Ready for the next image: no properties, members or deletion. */
  start(): this {
    this.properties.clear();
    this.members = NO_STRINGS;
    this.deleted = false;
    return this;
  }
}

/** The image's record, its fields in the order the generator has always written them. */
export function imageRecord(drawn: DrawnImage): ImageRecord {
  const record: ImageRecord = {
    id: uuidText(drawn.idWords),
    name: drawn.name,
    status: drawn.status,
    visibility: drawn.visibility,
    owner: drawn.owner,
    protected: drawn.protected,
    os_hidden: drawn.osHidden,
    min_ram: drawn.minRam,
    min_disk: drawn.minDisk,
    size: drawn.size,
    created_at: isoSeconds(drawn.createdAt),
    updated_at: isoSeconds(drawn.updatedAt),
    properties: drawn.properties.object(),
  };
  if (drawn.deleted) record.deleted = true;
  if (drawn.members.length > 0) record.members = [...drawn.members];
  record.disk_format = drawn.diskFormat;
  record.container_format = drawn.containerFormat;
  record.checksum = drawn.hasData ? hexText(drawn.checksumWords, CHECKSUM_LENGTH) : null;
  record.os_hash_algo = drawn.hasData ? HASH_ALGORITHM : null;
  record.os_hash_value = drawn.hasData ? hexText(drawn.hashWords, HASH_LENGTH) : null;
  record.virtual_size = drawn.hasData ? drawn.virtualSize : null;
  record.tags = [...drawn.tags];
  return record;
}
