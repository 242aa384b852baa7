/**
 * `JSON.stringify(record)` of a record drawn by `drawImage`, written field by field into a
 * ByteSink. JSON.stringify walks each record generically (and its properties, a dictionary-mode
 * object, on V8's slow path); this writer knows the fields and their order, which is the order
 * the drawing code adds them in: the record literal of drawPublishedImage, drawUpload and
 * drawSnapshot (id … updated_at, properties), then `deleted` and `members` when set, then
 * addGlanceFields'. Only drawn records have that order: api-samples records and records from a
 * file go through JSON.stringify.
 */
import type { ImageProperties, ImageRecord } from '../mocks/types.ts';
import type { ByteSink } from './byte-sink.ts';

function writeProperties(sink: ByteSink, properties: ImageProperties): void {
  let separator = '{';
  // JSON.stringify's order (integer keys first); faster than for…in over a dictionary-mode object.
  const keys = Object.keys(properties);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = properties[key];
    if (value === undefined) continue;
    sink.ascii(separator);
    separator = ',';
    sink.string(key);
    sink.ascii(':');
    if (typeof value === 'string') sink.string(value);
    else sink.value(value);
  }
  sink.ascii(separator === '{' ? '{}' : '}');
}

function writeStrings(sink: ByteSink, values: readonly string[]): void {
  if (values.length === 0) {
    sink.ascii('[]');
    return;
  }
  for (let i = 0; i < values.length; i++) {
    sink.ascii(i === 0 ? '[' : ',');
    sink.value(values[i]);
  }
  sink.ascii(']');
}

/** An optional field: left out when undefined, as JSON.stringify does. */
function writeOptional(sink: ByteSink, key: string, value: unknown): void {
  if (value === undefined) return;
  sink.ascii(key);
  if (typeof value === 'string') sink.string(value);
  else sink.value(value);
}

export function writeDrawnRecord(sink: ByteSink, record: ImageRecord): void {
  sink.ascii('{"id":');
  sink.string(record.id);
  sink.ascii(',"name":');
  sink.value(record.name);
  sink.ascii(',"status":');
  sink.string(record.status);
  sink.ascii(',"visibility":');
  sink.string(record.visibility);
  sink.ascii(',"owner":');
  sink.value(record.owner);
  sink.ascii(record.protected ? ',"protected":true' : ',"protected":false');
  sink.ascii(record.os_hidden ? ',"os_hidden":true' : ',"os_hidden":false');
  sink.ascii(',"min_ram":');
  sink.number(record.min_ram);
  sink.ascii(',"min_disk":');
  sink.number(record.min_disk);
  sink.ascii(',"size":');
  sink.value(record.size);
  sink.ascii(',"created_at":');
  sink.string(record.created_at);
  sink.ascii(',"updated_at":');
  sink.string(record.updated_at);
  sink.ascii(',"properties":');
  writeProperties(sink, record.properties);
  writeOptional(sink, ',"deleted":', record.deleted);
  if (record.members !== undefined) {
    sink.ascii(',"members":');
    writeStrings(sink, record.members);
  }
  writeOptional(sink, ',"disk_format":', record.disk_format);
  writeOptional(sink, ',"container_format":', record.container_format);
  writeOptional(sink, ',"checksum":', record.checksum);
  writeOptional(sink, ',"os_hash_algo":', record.os_hash_algo);
  writeOptional(sink, ',"os_hash_value":', record.os_hash_value);
  writeOptional(sink, ',"virtual_size":', record.virtual_size);
  if (record.tags !== undefined) {
    sink.ascii(',"tags":');
    writeStrings(sink, record.tags);
  }
  sink.ascii('}');
}
