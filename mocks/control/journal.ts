/** The request journal of `GET /__mock/requests`: what the mock answered, newest last. */
import type { AppRequest } from '../app-request.ts';

export interface JournalEntry {
  /** When the request arrived, ISO 8601. */
  time: string;
  method: string;
  /** Path and query, e.g. `/v2.1/images?limit=2`. */
  path: string;
  /** The status answered; 0 when the connection was dropped (`network`). */
  status: number;
  /** The endpoint name (`images.show`, `identity.tokens`, …), or null (version documents, unknown routes). */
  endpoint: string | null;
  /** Whether the answer was an injected error. */
  injected: boolean;
  /** The rule that answered: a rule id, or `request` (X-Mock-Error / ?__mock_error). */
  rule?: string;
  /** Latency added by rules, in ms. */
  delayMs?: number;
}

export interface RequestNote {
  endpoint?: string;
  injected?: boolean;
  rule?: string;
  delayMs?: number;
}

export const DEFAULT_JOURNAL_SIZE = 1000;

/**
 * A request's notes are kept on the request, under a key only the journal has, not in a WeakMap:
 * a young garbage collection keeps a WeakMap's values alive whether or not their keys are, so
 * every request's note outlived two of them and went to the old generation.
 */
const NOTES = Symbol('journal notes');

type Noted = { [NOTES]?: RequestNote };

/** Bytes of a path kept in the journal's own buffer; a longer one is kept as a string. */
const PATH_BYTES = 192;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Path and query as sent: everything after the origin (no URL parse). */
function pathOf(url: string): string {
  return url.slice(url.indexOf('/', url.indexOf('//') + 2));
}

/**
 * The newest entries in a ring of slots, each held in typed arrays (time, status, flags, the
 * path's bytes) beside the strings every request shares (methods, endpoint names). An entry lives
 * for a thousand requests, across young collections: kept as objects and strings of their own,
 * the entries were most of what a request moved to the old generation (about 460 of a metadata
 * write's 560 bytes over HTTP, measured with --trace-gc-nvp), and so of the full collections.
 * The entries are made when the journal is read.
 */
export class Journal {
  /** Milliseconds since the epoch: a Date made per request only for a clock given. */
  readonly #now: () => number;
  readonly #size: number;
  /** Entries recorded since the start or the last clear; the newest is in slot (count - 1) % size. */
  #count = 0;
  readonly #times: Float64Array;
  readonly #statuses: Int32Array;
  readonly #injected: Uint8Array;
  readonly #delays: Float64Array;
  readonly #methods: string[];
  readonly #endpoints: (string | null)[];
  /** A slot's rule, only where one answered (rare). */
  readonly #rules = new Map<number, string>();
  readonly #pathBytes: Uint8Array;
  /** Bytes of the slot's path in #pathBytes; -1: the path is in #longPaths. */
  readonly #pathLengths: Int32Array;
  readonly #longPaths = new Map<number, string>();

  constructor(options: { clock?: () => Date; size?: number } = {}) {
    const { clock } = options;
    this.#now = clock === undefined ? Date.now : () => clock().getTime();
    this.#size = options.size ?? DEFAULT_JOURNAL_SIZE;
    const size = this.#size;
    this.#times = new Float64Array(size);
    this.#statuses = new Int32Array(size);
    this.#injected = new Uint8Array(size);
    this.#delays = new Float64Array(size);
    this.#methods = new Array<string>(size).fill('');
    this.#endpoints = new Array<string | null>(size).fill(null);
    this.#pathBytes = new Uint8Array(size * PATH_BYTES);
    this.#pathLengths = new Int32Array(size);
  }

  /** Facts about a request learned on its way (endpoint, injection), recorded with it. */
  note(request: AppRequest, note: RequestNote): void {
    const noted = request as Noted;
    const before = noted[NOTES];
    // The first note is kept as given (each caller makes its own); later ones make a new one.
    noted[NOTES] = before === undefined ? note : { ...before, ...note };
  }

  /**
   * `answer`: a Response, or Nova's answer before it is one (nova/responses.ts); `arrived`: the
   * journal's `now()` when the request came.
   */
  record(request: AppRequest, answer: { status: number; type?: ResponseType }, arrived: number): void {
    const slot = this.#count % this.#size;
    this.#count++;
    const note = (request as Noted)[NOTES];
    this.#times[slot] = arrived;
    this.#methods[slot] = request.method;
    this.#statuses[slot] = answer.type === 'error' ? 0 : answer.status;
    this.#endpoints[slot] = note?.endpoint ?? null;
    this.#injected[slot] = note?.injected ? 1 : 0;
    this.#delays[slot] = note?.delayMs ?? 0;
    if (note?.rule === undefined) this.#rules.delete(slot);
    else this.#rules.set(slot, note.rule);
    const path = pathOf(request.url);
    const into = this.#pathBytes.subarray(slot * PATH_BYTES, (slot + 1) * PATH_BYTES);
    const { read, written } = encoder.encodeInto(path, into);
    if (read === path.length) {
      this.#pathLengths[slot] = written;
      this.#longPaths.delete(slot);
    } else {
      this.#pathLengths[slot] = -1;
      this.#longPaths.set(slot, path);
    }
  }

  /** The journal's time, in milliseconds since the epoch. */
  now(): number {
    return this.#now();
  }

  /** The newest entries (at most the journal's size), oldest first. */
  entries(): JournalEntry[] {
    const kept = Math.min(this.#count, this.#size);
    const entries: JournalEntry[] = [];
    for (let back = kept; back > 0; back--) entries.push(this.#entry((this.#count - back) % this.#size));
    return entries;
  }

  #entry(slot: number): JournalEntry {
    const length = this.#pathLengths[slot] as number;
    const entry: JournalEntry = {
      time: new Date(this.#times[slot] as number).toISOString(),
      method: this.#methods[slot] as string,
      path:
        length < 0
          ? (this.#longPaths.get(slot) as string)
          : decoder.decode(this.#pathBytes.subarray(slot * PATH_BYTES, slot * PATH_BYTES + length)),
      status: this.#statuses[slot] as number,
      endpoint: this.#endpoints[slot] as string | null,
      injected: this.#injected[slot] === 1,
    };
    const rule = this.#rules.get(slot);
    if (rule !== undefined) entry.rule = rule;
    const delayMs = this.#delays[slot] as number;
    if (delayMs) entry.delayMs = delayMs;
    return entry;
  }

  clear(): void {
    this.#count = 0;
    this.#rules.clear();
    this.#longPaths.clear();
  }
}
