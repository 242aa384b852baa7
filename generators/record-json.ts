/**
 * `JSON.stringify(imageRecord(image))` of a drawn image, written field by field into a ByteSink:
 * the record's fields in their order (record-json.test.ts holds the two equal), its ids, hashes
 * and times spelled from the values they were drawn as, its properties from their lists. Api-samples
 * records and records from a file go through JSON.stringify.
 */
import type { ByteSink } from './byte-sink.ts';
import { HASH_ALGORITHM } from './catalog/glance.ts';
import { CHECKSUM_LENGTH, type DrawnImage, HASH_LENGTH, type PropertyList } from './drawn-image.ts';
import { spellHex, spellUuid, UUID_LENGTH } from './ids.ts';
import { spellIsoSeconds } from './time.ts';

const QUOTE = 0x22;
/** A timestamp's characters, at most (a year of up to 11 digits, with its sign). */
const LONGEST_STAMP = 28;

function writeProperties(sink: ByteSink, properties: PropertyList): void {
  const { keys, values, length } = properties;
  if (length === 0) {
    sink.ascii('{}');
    return;
  }
  for (let i = 0; i < length; i++) {
    sink.ascii(i === 0 ? '{' : ',');
    sink.string(keys[i] as string);
    sink.ascii(':');
    const value = values[i] as string | null;
    if (value === null) sink.ascii('null');
    else sink.string(value);
  }
  sink.ascii('}');
}

function writeStrings(sink: ByteSink, values: readonly string[]): void {
  if (values.length === 0) {
    sink.ascii('[]');
    return;
  }
  for (let i = 0; i < values.length; i++) {
    sink.ascii(i === 0 ? '[' : ',');
    sink.string(values[i] as string);
  }
  sink.ascii(']');
}

function writeUuid(sink: ByteSink, words: Uint32Array): void {
  const bytes = sink.room(UUID_LENGTH + 2);
  const at = sink.at;
  bytes[at] = QUOTE;
  spellUuid(bytes, at + 1, words);
  bytes[at + UUID_LENGTH + 1] = QUOTE;
  sink.advance(UUID_LENGTH + 2);
}

function writeHex(sink: ByteSink, words: Uint32Array, length: number): void {
  const bytes = sink.room(length + 2);
  const at = sink.at;
  bytes[at] = QUOTE;
  spellHex(bytes, at + 1, words, length);
  bytes[at + length + 1] = QUOTE;
  sink.advance(length + 2);
}

function writeTime(sink: ByteSink, ms: number): void {
  const bytes = sink.room(LONGEST_STAMP + 2);
  const at = sink.at;
  bytes[at] = QUOTE;
  const length = spellIsoSeconds(bytes, at + 1, ms);
  bytes[at + length + 1] = QUOTE;
  sink.advance(length + 2);
}

export function writeDrawnImage(sink: ByteSink, image: DrawnImage): void {
  sink.ascii('{"id":');
  writeUuid(sink, image.idWords);
  sink.ascii(',"name":');
  sink.string(image.name);
  sink.ascii(',"status":');
  sink.string(image.status);
  sink.ascii(',"visibility":');
  sink.string(image.visibility);
  sink.ascii(',"owner":');
  sink.string(image.owner);
  sink.ascii(image.protected ? ',"protected":true' : ',"protected":false');
  sink.ascii(image.osHidden ? ',"os_hidden":true' : ',"os_hidden":false');
  sink.ascii(',"min_ram":');
  sink.number(image.minRam);
  sink.ascii(',"min_disk":');
  sink.number(image.minDisk);
  sink.ascii(',"size":');
  if (image.size === null) sink.ascii('null');
  else sink.number(image.size);
  sink.ascii(',"created_at":');
  writeTime(sink, image.createdAt);
  sink.ascii(',"updated_at":');
  writeTime(sink, image.updatedAt);
  sink.ascii(',"properties":');
  writeProperties(sink, image.properties);
  if (image.deleted) sink.ascii(',"deleted":true');
  if (image.members.length > 0) {
    sink.ascii(',"members":');
    writeStrings(sink, image.members);
  }
  sink.ascii(',"disk_format":');
  sink.string(image.diskFormat);
  sink.ascii(',"container_format":');
  sink.string(image.containerFormat);
  if (image.hasData) {
    sink.ascii(',"checksum":');
    writeHex(sink, image.checksumWords, CHECKSUM_LENGTH);
    sink.ascii(',"os_hash_algo":');
    sink.string(HASH_ALGORITHM);
    sink.ascii(',"os_hash_value":');
    writeHex(sink, image.hashWords, HASH_LENGTH);
    sink.ascii(',"virtual_size":');
    sink.number(image.virtualSize);
  } else {
    sink.ascii(',"checksum":null,"os_hash_algo":null,"os_hash_value":null,"virtual_size":null');
  }
  sink.ascii(',"tags":');
  writeStrings(sink, image.tags);
  sink.ascii('}');
}
