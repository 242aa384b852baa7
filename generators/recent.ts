/**
 * The last few values computed by key. Snapshots near each other share base images and servers;
 * remembering them saves re-drawing them, and cannot change output: each value is a pure
 * function of (seed, key).
 */
export class Recent<K, V> {
  readonly #values = new Map<K, V>();
  constructor(readonly capacity: number) {}

  get(key: K, compute: () => V): V {
    const known = this.#values.get(key);
    if (known !== undefined) return known;
    const value = compute();
    this.remember(key, value);
    return value;
  }

  /** Remembers a value computed anyway (what `get` would compute for `key`). */
  remember(key: K, value: V): void {
    this.#values.set(key, value);
    if (this.#values.size > this.capacity) this.#values.delete(this.#values.keys().next().value as K);
  }
}
