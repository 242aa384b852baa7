/**
 * A large dataset file's records served from its bytes: the chunks the read kept, each record
 * parsed and built the first time the image service reads it, then kept. The check's thread has
 * parsed and checked every record before (dataset-check-worker.ts) and said where each one's
 * bytes are; a chunk's bytes are let go once all its records are parsed, so that a full scan
 * (the first index, `records()`) ends with the records, not the records and the bytes.
 */
import { decodedLines } from './dataset-lines.ts';
import { type IdTable, SentIds } from './distinct-ids.ts';
import type { ImageSource } from './glance/image-service.ts';
import type { ImageRecord } from './types.ts';

export class RecordsInBytes implements ImageSource {
  readonly count: number;
  /** The check's id table; an id is compared with the record's, which is made then (it is the one asked for). */
  readonly ids: SentIds;
  readonly #chunks: (Buffer | undefined)[];
  readonly #locations: Int32Array;
  /** Records of each chunk not parsed yet. */
  readonly #unparsed: Int32Array;
  readonly #parsed: (ImageRecord | undefined)[];
  readonly #make: (record: ImageRecord) => ImageRecord;

  /**
   * `locations`: three numbers a record, its chunk, its first byte and the byte after it;
   * `make`: the stored record of a parsed one; `ids` and `order`: the check's id table and list
   * order.
   */
  constructor(
    chunks: Buffer[],
    locations: Int32Array,
    make: (record: ImageRecord) => ImageRecord,
    ids: IdTable,
    readonly order: Int32Array,
  ) {
    this.count = locations.length / 3;
    this.ids = new SentIds(ids, (index) => this.at(index).id);
    this.#chunks = chunks;
    this.#locations = locations;
    this.#make = make;
    this.#parsed = new Array(this.count);
    this.#unparsed = new Int32Array(chunks.length);
    for (let index = 0; index < this.count; index++) {
      const chunk = locations[3 * index] as number;
      this.#unparsed[chunk] = (this.#unparsed[chunk] as number) + 1;
    }
  }

  at(index: number): ImageRecord {
    return this.#parsed[index] ?? this.#parse(index);
  }

  #parse(index: number): ImageRecord {
    const chunk = this.#locations[3 * index] as number;
    const bytes = (this.#chunks[chunk] as Buffer).subarray(
      this.#locations[3 * index + 1],
      this.#locations[3 * index + 2],
    );
    const record = this.#make(JSON.parse(decodedLines(bytes)) as ImageRecord);
    this.#parsed[index] = record;
    this.#unparsed[chunk] = (this.#unparsed[chunk] as number) - 1;
    if (this.#unparsed[chunk] === 0) this.#chunks[chunk] = undefined;
    return record;
  }
}
