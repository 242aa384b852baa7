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

/**
 * An entry as recorded: its time and path are made only when the journal is read (an ISO string
 * and two slices on every request were a share of a show's own time).
 */
interface Recorded {
  arrived: Date;
  method: string;
  url: string;
  status: number;
  note: RequestNote | undefined;
}

/** Path and query as sent: everything after the origin (no URL parse). */
function pathOf(url: string): string {
  return url.slice(url.indexOf('/', url.indexOf('//') + 2));
}

function entryOf(recorded: Recorded): JournalEntry {
  const { note } = recorded;
  const entry: JournalEntry = {
    time: recorded.arrived.toISOString(),
    method: recorded.method,
    path: pathOf(recorded.url),
    status: recorded.status,
    endpoint: note?.endpoint ?? null,
    injected: note?.injected ?? false,
  };
  if (note?.rule !== undefined) entry.rule = note.rule;
  if (note?.delayMs) entry.delayMs = note.delayMs;
  return entry;
}

export class Journal {
  #entries: Recorded[] = [];
  readonly #clock: () => Date;
  readonly #size: number;

  constructor(options: { clock?: () => Date; size?: number } = {}) {
    this.#clock = options.clock ?? (() => new Date());
    this.#size = options.size ?? DEFAULT_JOURNAL_SIZE;
  }

  /** Facts about a request learned on its way (endpoint, injection), recorded with it. */
  note(request: AppRequest, note: RequestNote): void {
    const noted = request as Noted;
    const before = noted[NOTES];
    // The first note is kept as given (each caller makes its own); later ones make a new one.
    noted[NOTES] = before === undefined ? note : { ...before, ...note };
  }

  /** `answer`: a Response, or Nova's answer before it is one (nova/responses.ts). */
  record(request: AppRequest, answer: { status: number; type?: ResponseType }, arrived: Date): void {
    this.#entries.push({
      arrived,
      method: request.method,
      url: request.url,
      status: answer.type === 'error' ? 0 : answer.status,
      note: (request as Noted)[NOTES],
    });
    // Trimmed in batches, so a busy mock does not shift the whole journal on every request.
    if (this.#entries.length >= 2 * this.#size) this.#entries = this.#entries.slice(-this.#size);
  }

  now(): Date {
    return this.#clock();
  }

  /** The newest entries (at most the journal's size), oldest first. */
  entries(): JournalEntry[] {
    return this.#entries.slice(-this.#size).map(entryOf);
  }

  clear(): void {
    this.#entries = [];
  }
}
