/**
 * The last few values computed by key. Snapshots near each other share base images and servers;
 * remembering them saves re-drawing them, and cannot change output: each value is a pure
 * function of (seed, key). A ring of `capacity` values: the one it lets go of next is handed out
 * (`take`) to be filled with the next value, so that a run makes no new values once the ring is
 * full (values kept for a while, then dropped, are what the young generation's collections copy).
 */
export class Recent<K, V> {
  readonly #keys: (K | undefined)[];
  readonly #values: (V | undefined)[];
  #next = 0;

  constructor(readonly capacity: number) {
    this.#keys = new Array<K | undefined>(capacity).fill(undefined);
    this.#values = new Array<V | undefined>(capacity).fill(undefined);
  }

  /** The value remembered for `key`, if it is among the last few. */
  find(key: K): V | undefined {
    const keys = this.#keys;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === key) return this.#values[i];
    }
    return undefined;
  }

  /**
   * The oldest value, forgotten (no longer found), for its memory to be filled with the value
   * `remember` keeps next; undefined until the ring is full.
   */
  take(): V | undefined {
    this.#keys[this.#next] = undefined;
    return this.#values[this.#next];
  }

  /** Remembers the value computed for `key` in place of the oldest. */
  remember(key: K, value: V): void {
    this.#keys[this.#next] = key;
    this.#values[this.#next] = value;
    this.#next = (this.#next + 1) % this.capacity;
  }
}
