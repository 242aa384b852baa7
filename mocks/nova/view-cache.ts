/**
 * Rendered image views (UTF-8 JSON), kept by record and link context: list pages reuse them
 * instead of re-rendering the same images on every request. Safe because the image service never
 * mutates a record (a write replaces it with a new object).
 *
 * Several link contexts per record (two Host names, plain and project-scoped URLs), and a bounded
 * number of records: two generations, the older dropped whole when the younger fills, so paging
 * through a million images does not keep a million views.
 */
import type { ImageRecord } from '../types.ts';

type Bytes = Uint8Array<ArrayBuffer>;

/** Link contexts kept per record: more than a client mixes, few enough to search in a list. */
const CONTEXTS_PER_RECORD = 4;

type Views = Map<string, Bytes>;

export class ViewCache {
  #young = new Map<ImageRecord, Views>();
  #old = new Map<ImageRecord, Views>();

  /** `capacity` records per generation. */
  constructor(readonly capacity: number) {}

  /** The view of `record` in `context`, rendered by `render` the first time. */
  view(record: ImageRecord, context: string, render: () => Bytes): Bytes {
    let views = this.#young.get(record);
    if (views === undefined) {
      views = this.#old.get(record);
      if (views !== undefined) this.#adopt(record, views);
    }
    const cached = views?.get(context);
    if (cached !== undefined) return cached;
    const bytes = render();
    if (views === undefined) {
      views = new Map();
      this.#adopt(record, views);
    } else if (views.size >= CONTEXTS_PER_RECORD) {
      views.delete(views.keys().next().value as string);
    }
    views.set(context, bytes);
    return bytes;
  }

  #adopt(record: ImageRecord, views: Views): void {
    if (this.#young.size >= this.capacity) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(record, views);
  }
}
