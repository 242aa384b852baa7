/**
 * A large dataset file's records served from its bytes: the chunks the read kept, each record
 * parsed and built the first time the image service reads it, then kept. The check's thread has
 * parsed and checked every record before (dataset-check-worker.ts) and said where each one's
 * bytes are; a chunk's bytes are let go once all its records are parsed, so that a full scan
 * (the first index, `records()`) ends with the records, not the records and the bytes.
 */
import type { RecordsLocated } from './dataset-check-worker.ts';
import { decodedLines } from './dataset-lines.ts';
import { type IdTable, SentIds } from './distinct-ids.ts';
import type { ImageSource } from './glance/image-service.ts';
import { listOrderOfTimes } from './glance/list-order.ts';
import type { ImageRecord } from './types.ts';

/** What a check said of the part of the file it was sent, from the chunk `firstChunk` on. */
export interface CheckedPart {
  located: RecordsLocated;
  ids: IdTable;
  firstChunk: number;
}

/** `0001-01-01T00:00:00Z`: a checked time before it is in year 0000, which Glance refuses. */
const YEAR_ONE_MS = Date.parse('0001-01-01T00:00:00Z');

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

  readonly order: Int32Array;
  readonly createdInGlanceFormat: boolean;

  /** `parts`: what the checks said, in the file's order; `make`: the stored record of a parsed one. */
  constructor(chunks: Buffer[], parts: readonly CheckedPart[], make: (record: ImageRecord) => ImageRecord) {
    this.count = parts.reduce((sum, part) => sum + part.located.created.length, 0);
    this.#chunks = chunks;
    this.#make = make;
    this.#parsed = new Array(this.count);
    this.#locations = new Int32Array(3 * this.count);
    const created = new Float64Array(this.count);
    const idPrefixes = new Uint32Array(this.count);
    const tables: { table: IdTable; first: number }[] = [];
    let first = 0;
    for (const { located, ids, firstChunk } of parts) {
      this.#locations.set(located.locations, 3 * first);
      for (let index = first; index < first + located.created.length; index++)
        this.#locations[3 * index] = (this.#locations[3 * index] as number) + firstChunk;
      created.set(located.created, first);
      idPrefixes.set(located.idPrefixes, first);
      tables.push({ table: ids, first });
      first += located.created.length;
    }
    this.ids = new SentIds(tables, (index) => this.at(index).id);
    this.#unparsed = new Int32Array(chunks.length);
    for (let index = 0; index < this.count; index++) {
      const chunk = this.#locations[3 * index] as number;
      this.#unparsed[chunk] = (this.#unparsed[chunk] as number) + 1;
    }
    // Records created in the same second are ordered by id: by its prefix the check read, and
    // only those that share it too (hardly any) made here to compare whole ids.
    this.order = listOrderOfTimes(created, (index) => this.at(index).id, idPrefixes);
    this.createdInGlanceFormat = created.every((time) => time >= YEAR_ONE_MS);
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
