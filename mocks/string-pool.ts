/**
 * One copy of each repeated string while a dataset file is read: the owner of every image, a
 * property such as `user_id` that a few values fill a million times. V8 shares the strings
 * JSON.parse makes only up to 10 characters; longer ones it makes anew each time, which is about
 * 200 bytes per image of the generator's datasets. A field whose values hardly repeat (names,
 * times, ids) is soon given up, so the pool stays small and costs no lookups there.
 */

/** Values looked at before a field's pool is judged; it is kept while fewer than half were new. */
const TRIAL = 1024;

class FieldPool {
  readonly #values = new Map<string, string>();
  #looked = 0;
  #givenUp = false;

  shared(text: string): string {
    if (this.#givenUp) return text;
    const known = this.#values.get(text);
    this.#looked++;
    if (known !== undefined) return known;
    this.#values.set(text, text);
    if (this.#looked >= TRIAL && this.#values.size > this.#looked / 2) {
      this.#givenUp = true;
      this.#values.clear();
    }
    return text;
  }
}

/** Strings longer than this are the ones V8 does not share itself (JSON.parse internalizes shorter values). */
const SHARED_BY_V8 = 10;

export class StringPool {
  readonly #fields = new Map<string, FieldPool>();

  /** `text`, or the equal string met before in `field`. */
  shared(field: string, text: string): string {
    if (text.length <= SHARED_BY_V8) return text;
    let pool = this.#fields.get(field);
    if (pool === undefined) {
      pool = new FieldPool();
      this.#fields.set(field, pool);
    }
    return pool.shared(text);
  }
}
