/**
 * Reading a dataset file in any JSON layout — pretty-printed (as json-server saves it), or any
 * other — as it streams: each record of the `images` array is cut out of the text and parsed on
 * its own, so no string holds the file (V8 caps one at 512 MiB, about 400k images of json-server's
 * layout) and memory holds the records, not the text. Node only.
 */
import { createReadStream } from 'node:fs';
import { DatasetError, validateDataset, validateRecord } from './dataset.ts';
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
} from './dataset-record-bytes.ts';
import { DistinctIds } from './distinct-ids.ts';
import type { ImageRecord } from './types.ts';

/**
 * Cuts the records out of `{"images": [...]}` text fed in chunks. What is left, the dataset
 * around the records with each record written `0`, is kept (a few bytes per record) and checked
 * at the end, so a file with other fields or a non-object in `images` gets the dataset's errors.
 */
class RecordCutter {
  readonly records: ImageRecord[] = [];
  /** Each record's id, at its index. */
  readonly ids = new DistinctIds();
  #outside = '';
  #depth = 0;
  #inString = false;
  #escaped = false;
  /** The last string at depth 1 (a key of the dataset object) and where it began in #outside. */
  #key = '';
  #keyStart = -1;
  #inImages = false;
  /** The record being cut, the chunks of it so far; undefined between records. */
  #record: string[] | undefined;

  constructor(readonly onRecord: (record: ImageRecord) => ImageRecord) {}

  feed(chunk: string): void {
    // The scanning state in locals for the loop (it runs once per character of the file).
    let depth = this.#depth;
    let inString = this.#inString;
    let escaped = this.#escaped;
    let from = 0;
    for (let at = 0; at < chunk.length; at++) {
      const code = chunk.charCodeAt(at);
      if (inString) {
        if (escaped) escaped = false;
        else if (code === BACKSLASH) escaped = true;
        else if (code === QUOTE) {
          inString = false;
          if (depth === 1) {
            this.#outside += chunk.slice(from, at + 1);
            from = at + 1;
            this.#key = JSON.parse(this.#outside.slice(this.#keyStart)) as string;
          }
        }
      } else if (code === QUOTE) {
        inString = true;
        if (depth === 1) {
          this.#outside += chunk.slice(from, at);
          from = at;
          this.#keyStart = this.#outside.length;
        }
      } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        if (depth === 1 && code === OPEN_BRACKET) this.#inImages = this.#key === 'images';
        else if (depth === 2 && this.#inImages && code === OPEN_BRACE) {
          this.#outside += chunk.slice(from, at);
          from = at;
          this.#record = [];
        }
        depth++;
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        depth--;
        if (depth === 2 && this.#record !== undefined) {
          this.#record.push(chunk.slice(from, at + 1));
          from = at + 1;
          this.#take(this.#record.join(''));
          this.#record = undefined;
          this.#outside += '0';
        } else if (depth === 1) this.#inImages = false;
      }
    }
    if (this.#record !== undefined) this.#record.push(chunk.slice(from));
    else this.#outside += chunk.slice(from);
    this.#depth = depth;
    this.#inString = inString;
    this.#escaped = escaped;
  }

  #take(text: string): void {
    const index = this.records.length;
    const where = () => `images[${index}]`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new DatasetError(`${where()}: ${(error as Error).message}`);
    }
    validateRecord(value, where);
    const record = value as ImageRecord;
    const first = this.ids.add(record.id);
    if (first >= 0) throw new DatasetError(`${where()}.id: duplicate of images[${first}].id ${record.id}`);
    this.records.push(this.onRecord(record));
  }

  /** The dataset around the records, checked as validateDataset checks a whole one. */
  finish(): void {
    let rest: unknown;
    try {
      rest = JSON.parse(this.#outside);
    } catch (error) {
      throw new DatasetError((error as Error).message);
    }
    const images = (rest as { images?: unknown } | null)?.images;
    if (!Array.isArray(images)) {
      validateDataset(rest);
      return;
    }
    validateDataset({ ...(rest as object), images: [] });
    // Every object in `images` was cut out as a record; anything else is left in place.
    const stray = images.findIndex((item) => item !== 0);
    if (stray >= 0) validateRecord(images[stray], `images[${stray}]`);
  }
}

/** The records of a dataset file in any JSON layout, validated, and their ids; errors name the record at fault. */
export async function readJsonDataset(
  path: string,
  onRecord: (record: ImageRecord) => ImageRecord,
): Promise<{ records: ImageRecord[]; ids: DistinctIds }> {
  const cutter = new RecordCutter(onRecord);
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    cutter.feed(chunk as string);
  }
  cutter.finish();
  return { records: cutter.records, ids: cutter.ids };
}
