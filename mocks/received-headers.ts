/**
 * A request's headers as node:http received them, read the way a fetch `Headers` made from them
 * reads: building that `Headers` (a validation and a sorted insert on every append) and asking it
 * for Nova's ten or so headers was a tenth of a show's time in the standalone server. Only lines
 * a `Headers` takes as they are come here (a token name, a value of visible characters, spaces
 * and tabs, trimmed as `Headers` trims); a request with any other line gets a real `Headers`
 * (http-request.ts), so odd input is read exactly as before. The app only looks names up and
 * copies the pairs into a Request (app-request.ts `RequestHeaders`): nothing changes them.
 */
import type { RequestHeaders } from './app-request.ts';

/** A field name `Headers` accepts (RFC 9110 token). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A value `Headers` keeps as it is once trimmed of spaces and tabs: no control characters. */
const PLAIN_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Whether every line is one a `Headers` takes as it is (names and values alternate). */
export function plainHeaderLines(rawHeaders: readonly string[]): boolean {
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if (!TOKEN.test(rawHeaders[index] as string) || !PLAIN_VALUE.test(rawHeaders[index + 1] as string))
      return false;
  }
  return true;
}

const SPACE = 0x20;
const TAB = 0x09;

function isBlank(code: number): boolean {
  return code === SPACE || code === TAB;
}

/** `Headers`' value normalisation: leading and trailing HTTP whitespace removed. */
function normalised(value: string): string {
  if (value === '' || (!isBlank(value.charCodeAt(0)) && !isBlank(value.charCodeAt(value.length - 1))))
    return value;
  return value.replace(/^[\t ]+|[\t ]+$/g, '');
}

export class ReceivedHeaders implements RequestHeaders {
  /** Names lowercased and values normalised, alternating, in the order received. */
  readonly #lines: string[];

  /** `rawHeaders`: lines for which `plainHeaderLines` holds. */
  constructor(rawHeaders: readonly string[]) {
    const lines: string[] = [];
    for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
      lines.push((rawHeaders[index] as string).toLowerCase(), normalised(rawHeaders[index + 1] as string));
    }
    this.#lines = lines;
  }

  /**
   * The values of a name joined in the order received, as `Headers.get` does: with ", ", and
   * `Cookie`'s with "; " (undici's HeadersList `append`).
   */
  get(name: string): string | null {
    const key = name.toLowerCase();
    const lines = this.#lines;
    let found: string | null = null;
    for (let index = 0; index < lines.length; index += 2) {
      if (lines[index] !== key) continue;
      const value = lines[index + 1] as string;
      found = found === null ? value : `${found}${key === 'cookie' ? '; ' : ', '}${value}`;
    }
    return found;
  }

  has(name: string): boolean {
    const key = name.toLowerCase();
    for (let index = 0; index < this.#lines.length; index += 2) if (this.#lines[index] === key) return true;
    return false;
  }

  /** The pairs a fetch Headers made from the same lines gives (sorted, repeated names joined). */
  [Symbol.iterator](): HeadersIterator<[string, string]> {
    const made = new Headers();
    for (let index = 0; index + 1 < this.#lines.length; index += 2) {
      made.append(this.#lines[index] as string, this.#lines[index + 1] as string);
    }
    return made[Symbol.iterator]();
  }
}
