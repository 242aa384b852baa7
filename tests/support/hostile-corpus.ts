/**
 * The hostile-input corpus (tests/hostile/*.json) as requests: its texts expanded, each case as
 * the bytes a raw client sends (tests/conformance/raw-http.ts) and as the fetch an in-process
 * client makes. The cases are data; this only reads them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RawRequest } from '../conformance/raw-http.ts';

/** A text, or parts of one: `{"repeat": "x", "times": 4000}` stands for 4000 x's. */
export type CorpusText = string | (string | { repeat: string; times: number })[];

export interface RequestCase {
  name: string;
  method: string;
  target: CorpusText;
  headers?: [string, CorpusText][];
  body?: CorpusText;
  /** `as-is`: the headers frame the body (no Content-Length added), and the client half-closes after it. */
  framing?: 'as-is';
  /** The whole request as bytes, instead of method, target and headers. */
  raw?: CorpusText;
  /** No Host header at all. */
  noHost?: boolean;
  /** The answer's status: Nova's (measured on Nova 26.2.2), or the mock's documented one. */
  status: number;
  /** Text the answer's body contains. */
  says?: string;
  /** Nova's status where the mock's differs (known differences; see `difference`). */
  nova?: number | 'closed';
  /** Why the mock answers otherwise than Nova, or with other words. */
  difference?: string;
  /** Why the body is not checked against Nova's schema: Nova's own answer breaks it too. */
  schemaExempt?: string;
  /** Only over the wire: why an in-process client (fetch) cannot send this request. */
  wireOnly?: string;
  /** In-process, where fetch changes the request on the way (dot segments, …): the status then. */
  inProcessStatus?: number;
}

export type RequestCorpus = Record<string, RequestCase[]>;

export function expand(text: CorpusText): string {
  if (typeof text === 'string') return text;
  return text.map((part) => (typeof part === 'string' ? part : part.repeat.repeat(part.times))).join('');
}

export function readCorpus<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../hostile/${name}`, import.meta.url)), 'utf8'));
}

const hasHeader = (entry: RequestCase, name: string) =>
  (entry.headers ?? []).some(([header]) => header.toLowerCase() === name);

/** The case as a raw client sends it to `host` (`127.0.0.1:PORT`), on a connection it closes. */
export function rawRequestOf(entry: RequestCase, host: string, extra: [string, string][] = []): RawRequest {
  if (entry.raw !== undefined)
    return { method: entry.method, target: '', headers: [], raw: Buffer.from(expand(entry.raw), 'latin1') };
  const headers: [string, string][] = [];
  if (!entry.noHost && !hasHeader(entry, 'host')) headers.push(['Host', host]);
  for (const [name, value] of entry.headers ?? []) headers.push([name, expand(value)]);
  headers.push(...extra);
  const body = entry.body === undefined ? undefined : Buffer.from(expand(entry.body), 'utf8');
  const writes = ['POST', 'PUT', 'PATCH'].includes(entry.method);
  if (entry.framing !== 'as-is' && (body !== undefined || writes)) {
    headers.push(['Content-Length', String(body?.byteLength ?? 0)]);
  }
  if (!hasHeader(entry, 'connection')) headers.push(['Connection', 'close']);
  return {
    method: entry.method,
    target: expand(entry.target),
    headers,
    body,
    endAfterBody: entry.framing === 'as-is',
  };
}

/** The case as an in-process client's fetch (undefined headers fetch sets itself are left to it). */
export function fetchOf(entry: RequestCase, baseUrl: string): [string, RequestInit] {
  const headers = new Headers();
  for (const [name, value] of entry.headers ?? []) headers.append(name, expand(value));
  const body = entry.body === undefined || entry.method === 'GET' ? undefined : expand(entry.body);
  return [`${baseUrl}${expand(entry.target)}`, { method: entry.method, headers, body }];
}
