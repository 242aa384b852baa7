/**
 * A growable byte buffer that JSON is written into piece by piece: printable ASCII a byte at a
 * time, anything else through `JSON.stringify` and UTF-8, so the bytes are `JSON.stringify`'s.
 * A string spelled out by a loop costs about what V8's serializer does; what is saved is the
 * record's text as one long string, its copy into the output, and the buffers in between.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const TILDE = 0x7e;
/** 1 for the UTF-16 code units JSON.stringify copies as they are and UTF-8 keeps in one byte. */
const PLAIN = new Uint8Array(65536);
for (let code = SPACE; code <= TILDE; code++) PLAIN[code] = code === QUOTE || code === BACKSLASH ? 0 : 1;

const EIGHT_DIGITS = 100_000_000;

export class ByteSink {
  #bytes: Buffer;
  #length = 0;

  /** Writes into `initial` (e.g. a buffer whose bytes were written out and handed back). */
  constructor(initial: ArrayBuffer) {
    this.#bytes = Buffer.from(initial);
  }

  /** The bytes written, over the sink's own buffer (whose `.buffer` may be transferred). */
  written(): Buffer {
    return this.#bytes.subarray(0, this.#length);
  }

  /**
   * Room for `count` more bytes, to be spelled straight into the returned buffer from `at` (the
   * bytes written so far) and then kept with `advance(count)`.
   */
  room(count: number): Buffer {
    this.#reserve(count);
    return this.#bytes;
  }

  get at(): number {
    return this.#length;
  }

  advance(count: number): void {
    this.#length += count;
  }

  /** Room for `count` more bytes; the buffer grows by half at least, keeping what is written. */
  #reserve(count: number): void {
    const needed = this.#length + count;
    if (needed <= this.#bytes.length) return;
    const grown = Buffer.from(new ArrayBuffer(Math.max(needed, Math.ceil(this.#bytes.length * 1.5))));
    this.#bytes.copy(grown, 0, 0, this.#length);
    this.#bytes = grown;
  }

  /** Text known to be printable ASCII (keys, separators, layout), as is. */
  ascii(text: string): void {
    const length = text.length;
    this.#reserve(length);
    const bytes = this.#bytes;
    let at = this.#length;
    for (let i = 0; i < length; i++) bytes[at++] = text.charCodeAt(i);
    this.#length = at;
  }

  /** Any text, as UTF-8. */
  text(text: string): void {
    this.#reserve(text.length * 3);
    this.#length += this.#bytes.write(text, this.#length);
  }

  /** `JSON.stringify(text)`: spelled out while it is printable ASCII without `"` or `\`. */
  string(text: string): void {
    const length = text.length;
    this.#reserve(length + 2);
    const bytes = this.#bytes;
    const start = this.#length;
    let at = start;
    bytes[at++] = QUOTE;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (PLAIN[code] !== 1) {
        // Escapes, non-ASCII and lone surrogates: V8's own serializer spells them.
        this.#length = start;
        this.text(JSON.stringify(text));
        return;
      }
      bytes[at++] = code;
    }
    bytes[at++] = QUOTE;
    this.#length = at;
  }

  /** `JSON.stringify(value)` of a number: safe integers digit by digit, in two 32-bit halves. */
  number(value: number): void {
    if (!Number.isSafeInteger(value)) {
      this.ascii(JSON.stringify(value));
      return;
    }
    let rest = value;
    if (rest < 0) {
      this.ascii('-');
      rest = -rest;
    }
    if (rest < EIGHT_DIGITS) {
      this.#digits(rest, 1);
      return;
    }
    const high = Math.floor(rest / EIGHT_DIGITS);
    this.#digits(high, 1);
    this.#digits(rest - high * EIGHT_DIGITS, 8);
  }

  /** The decimal digits of `value` (below 10^8, so 32-bit arithmetic), at least `least` of them. */
  #digits(value: number, least: number): void {
    let count = least;
    for (let power = 10 ** least; power <= value; power *= 10) count++;
    this.#reserve(count);
    const bytes = this.#bytes;
    let rest = value | 0;
    const end = this.#length + count;
    for (let at = end - 1; at >= this.#length; at--) {
      const tenth = (rest / 10) | 0;
      bytes[at] = 0x30 + rest - tenth * 10;
      rest = tenth;
    }
    this.#length = end;
  }
}
