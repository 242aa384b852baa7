/**
 * The recorded Glance conformance corpus: what each case of cases.ts got from the real Glance,
 * and how an answer is reduced to what must match (volatile request ids, dates and the
 * timestamps of images the corpus itself created are blanked).
 */
import type { ConformanceCase } from './cases.ts';

/** The response headers a client may rely on; the rest (Date, Server, …) are not compared. */
export const COMPARED_HEADERS = [
  'content-type',
  'location',
  'allow',
  'accept-patch',
  'content-md5',
  'openstack-image-import-methods',
  'openstack-image-store-ids',
  'www-authenticate',
] as const;

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** Whether the answer carried `x-openstack-request-id`. */
  requestId: boolean;
  /** Parsed JSON, or the text as received (HTML, plain text, image data). */
  body: unknown;
}

export interface RecordedCase {
  case: ConformanceCase;
  response: RecordedResponse;
}

export interface Corpus {
  glance: string;
  /** The Glance root the recording talked to, which links and Location headers name. */
  glanceRoot: string;
  recordedAt: string;
  cases: RecordedCase[];
}

/** Timestamps from 2020 on belong to what the corpus did today, not to the dataset. */
const RECENT_TIMESTAMP = /20[2-9]\d-\d\d-\d\dT\d\d:\d\d:\d\dZ/g;

function blankRecent(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(RECENT_TIMESTAMP, '<recent>');
  if (Array.isArray(value)) return value.map(blankRecent);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, blankRecent(item)]));
  }
  return value;
}

/** A response as the corpus stores and compares it. */
export async function recordResponse(response: Response): Promise<RecordedResponse> {
  const headers: Record<string, string> = {};
  for (const name of COMPARED_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').startsWith('application/json') && text !== '') {
    body = JSON.parse(text);
  }
  return {
    status: response.status,
    headers,
    requestId: response.headers.has('x-openstack-request-id'),
    body: blankRecent(body),
  };
}

/** The request of a case as a fetch init (the caller's token header is added by the runner). */
export function requestInit(item: ConformanceCase, token: string | undefined): RequestInit {
  const headers = new Headers(item.headers ?? {});
  if (token !== undefined) headers.set('x-auth-token', token);
  let body: string | undefined;
  if (item.json !== undefined) {
    body = JSON.stringify(item.json);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  } else if (item.text !== undefined) {
    body = item.text;
  }
  return { method: item.method ?? 'GET', headers, body };
}
