/**
 * Rendered image views (UTF-8 JSON), kept by image and link context: list pages reuse them
 * instead of re-rendering the same images on every request. Safe because the image service never
 * mutates a record (a write replaces it with a new object): a view is reused only for the very
 * record it was rendered from.
 *
 * Several link contexts per image (two Host names, plain and project-scoped URLs), and a bounded
 * number of images: two generations, the older dropped whole when the younger fills, so paging
 * through a million images does not keep a million views. Kept by image id, not by record: a
 * written image's new record takes the place of the old one, so a server that writes all day keeps
 * the views of its images, never those of every record it ever wrote.
 */
import type { ImageRecord } from '../types.ts';

type Bytes = Uint8Array<ArrayBuffer>;

/** Link contexts kept per image: more than a client mixes, few enough to search in a list. */
const CONTEXTS_PER_RECORD = 4;

interface Views {
  /** The record the views were rendered from. */
  record: ImageRecord;
  byContext: Map<string, Bytes>;
}

export class ViewCache {
  #young = new Map<string, Views>();
  #old = new Map<string, Views>();

  /** `capacity` images per generation. */
  constructor(readonly capacity: number) {}

  /** Images whose views are kept. */
  get size(): number {
    let size = this.#young.size;
    for (const id of this.#old.keys()) if (!this.#young.has(id)) size++;
    return size;
  }

  /**
   * The view of `record` in the context keyed `context`, rendered by `render(record, links)` the
   * first time (a function and its argument, not a closure: a page asks for a hundred views).
   */
  view<Links>(
    record: ImageRecord,
    context: string,
    render: (record: ImageRecord, links: Links) => Bytes,
    links: Links,
  ): Bytes {
    let views = this.#young.get(record.id);
    if (views === undefined) {
      views = this.#old.get(record.id);
      if (views !== undefined) this.#adopt(views);
    }
    if (views !== undefined && views.record !== record) {
      views.record = record;
      views.byContext.clear();
    }
    const cached = views?.byContext.get(context);
    if (cached !== undefined) return cached;
    const bytes = render(record, links);
    if (views === undefined) {
      views = { record, byContext: new Map() };
      this.#adopt(views);
    } else if (views.byContext.size >= CONTEXTS_PER_RECORD) {
      views.byContext.delete(views.byContext.keys().next().value as string);
    }
    views.byContext.set(context, bytes);
    return bytes;
  }

  #adopt(views: Views): void {
    if (this.#young.size >= this.capacity) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(views.record.id, views);
  }
}
