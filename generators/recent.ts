/**
 * The last few values computed by key. Snapshots near each other share base images and servers;
 * remembering them saves re-drawing them, and cannot change output: each value is a pure
 * function of (seed, key).
 */
export class Recent<K, V> {
  readonly #values = new Map<K, V>();
  constructor(readonly capacity: number) {}

  /** The value remembered for `key`, if it is among the last few. */
  find(key: K): V | undefined {
    return this.#values.get(key);
  }

  /** Remembers the value computed for `key`. */
  remember(key: K, value: V): void {
    this.#values.set(key, value);
    if (this.#values.size > this.capacity) this.#values.delete(this.#values.keys().next().value as K);
  }
}
