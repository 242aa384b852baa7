/**
 * What is compared of an answer, and the only four things normalised away: hosts (the server's
 * and Glance's origins, keystonemiddleware's configured identity URI), request ids, the stamps of
 * writes made during the run, and the order of Glance's `tags` (a Python set's). Everything else —
 * status, reason phrase, every header but the transport ones, the body — must be equal.
 */
import type { RawResponse } from './raw-http.ts';

export type Answer =
  | {
      status: number;
      reason: string;
      headers: Record<string, string>;
      /** Parsed when the body is JSON, else the text; absent when empty. */
      body?: unknown;
    }
  | { noAnswer: 'closed' | 'timeout' };

export interface Origins {
  /** e.g. `http://127.0.0.1:42507` */
  nova: string;
  /** Glance's root: the origin of Nova's `alternate` links, or of a Glance corpus's server. */
  glance: string;
  /** Stamps at or after this moment were written during the run. */
  runStart: Date;
}

/** Connection-level headers: they describe the transport, not the answer. */
const TRANSPORT_HEADERS = new Set([
  'date',
  'server',
  'connection',
  'content-length',
  'keep-alive',
  'transfer-encoding',
]);
const REQUEST_ID = /^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.\d+)?(Z|[+-]\d\d:\d\d)?$/;

export function normalise(response: RawResponse, origins: Origins): Answer {
  if ('noAnswer' in response) return response;
  const text = (value: string) => normaliseText(value, origins);
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) {
    if (TRANSPORT_HEADERS.has(name)) continue;
    let normal = text(value);
    if (REQUEST_ID.test(value)) normal = 'req-<id>';
    if (name === 'www-authenticate') normal = value.replace(/uri="[^"]*"/, 'uri="<identity>"');
    headers[name] = name in headers ? `${headers[name]}, ${normal}` : normal;
  }
  const answer: Answer = { status: response.status, reason: response.reason, headers };
  if (response.body.length === 0) return answer;
  const raw = response.body.toString('utf8');
  const type = headers['content-type'] ?? '';
  if (/json/i.test(type)) {
    try {
      answer.body = normaliseJson(JSON.parse(raw), origins);
      return answer;
    } catch {
      // Not JSON after all: compared as text.
    }
  }
  answer.body = text(raw);
  return answer;
}

/** Glance first: the mock's Glance root is the Nova origin plus `/image`. */
function normaliseText(value: string, origins: Origins): string {
  return value.split(origins.glance).join('http://glance').split(origins.nova).join('http://nova');
}

function normaliseJson(value: unknown, origins: Origins): unknown {
  if (typeof value === 'string') {
    const stamp = STAMP.exec(value);
    if (
      stamp &&
      Date.parse(`${stamp[1]}${stamp[2] ?? 'Z'}`) >= Math.floor(origins.runStart.getTime() / 1000) * 1000
    )
      return '<write-time>';
    return normaliseText(value, origins);
  }
  if (Array.isArray(value)) return value.map((item) => normaliseJson(item, origins));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        // Glance keeps tags in a set (glance/api/v2/images.py ImagesController builds the view
        // from image.tags): their order is Python's hash order, not a fact to match.
        key === 'tags' && Array.isArray(item) ? [...item].sort() : normaliseJson(item, origins),
      ]),
    );
  }
  return value;
}
