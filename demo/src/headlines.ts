/**
 * What the page says when a call fails: one table, chosen by status AND endpoint (the same 413 is a
 * metadata quota on a metadata write and rate limiting anywhere else; a 401 at log-in is a wrong
 * password, anywhere else an ended session). The first matching row wins. The e2e tests read it.
 */
import type { RuleEndpoint } from '../../mocks/index.ts';

/** How the page reacts: `auth` drops the session and shows the log-in form. */
export type Problem =
  | 'auth'
  | 'login'
  | 'forbidden'
  | 'quota'
  | 'gone'
  | 'network'
  | 'invalid'
  | 'busy'
  | 'server';

export interface Headline {
  /** 0: the request never got an answer. `4xx`/`5xx`: any status of the class. */
  status: number | '4xx' | '5xx';
  /** Endpoints (prefix `metadata.` for all six metadata calls); absent: any endpoint. */
  endpoints?: readonly (RuleEndpoint | 'metadata.')[];
  /** Only when Nova's message matches, e.g. a 403 that is really a quota. */
  message?: RegExp;
  problem: Problem;
  text: string;
  /** Offer Retry: the same call may well work a moment later. */
  retry: boolean;
}

const METADATA_WRITES = ['metadata.create', 'metadata.replace', 'metadata.set'] as const;

export const HEADLINES: readonly Headline[] = [
  { status: 0, problem: 'network', text: 'Cannot reach the cloud (network error).', retry: true },
  {
    status: 401,
    endpoints: ['identity.tokens'],
    problem: 'login',
    text: 'Log-in refused: check the user name, password and project.',
    retry: false,
  },
  { status: 401, problem: 'auth', text: 'Your session has ended. Please log in again.', retry: false },
  // Nova's real quota check (nova/api/openstack/compute/image_metadata.py) answers 403.
  {
    status: 403,
    endpoints: METADATA_WRITES,
    message: /metadata limit|quota/i,
    problem: 'quota',
    text: 'Too many metadata items on this image.',
    retry: false,
  },
  {
    status: 403,
    endpoints: ['images.delete'],
    problem: 'forbidden',
    text: 'You are not allowed to delete this image.',
    retry: false,
  },
  {
    status: 403,
    endpoints: ['metadata.'],
    problem: 'forbidden',
    text: 'You are not allowed to change this image’s metadata.',
    retry: false,
  },
  { status: 403, problem: 'forbidden', text: 'You are not allowed to do that.', retry: false },
  {
    status: 404,
    endpoints: ['metadata.show', 'metadata.delete'],
    message: /metadata item/i,
    problem: 'gone',
    text: 'This metadata key is gone.',
    retry: false,
  },
  {
    status: 404,
    endpoints: ['images.show', 'images.delete', 'metadata.', 'glance.images.show'],
    problem: 'gone',
    text: 'This image is gone.',
    retry: false,
  },
  // Nova before 2014 answered a metadata quota with 413 overLimit; on any other call 413 is
  // Nova's rate limit ("This request was rate-limited.").
  {
    status: 413,
    endpoints: METADATA_WRITES,
    problem: 'quota',
    text: 'Too many metadata items on this image.',
    retry: false,
  },
  { status: 413, problem: 'busy', text: 'The cloud is limiting the rate of requests.', retry: true },
  { status: 429, problem: 'busy', text: 'The cloud is limiting the rate of requests.', retry: true },
  { status: 409, problem: 'busy', text: 'The image is busy (conflict).', retry: true },
  { status: 503, problem: 'server', text: 'The cloud is unavailable for now.', retry: true },
  { status: '5xx', problem: 'server', text: 'The cloud had a problem.', retry: true },
  { status: '4xx', problem: 'invalid', text: 'The cloud refused the request.', retry: false },
];

const FALLBACK: Headline = { status: '5xx', problem: 'server', text: 'Unexpected answer.', retry: false };

function statusMatches(row: Headline, status: number): boolean {
  if (row.status === '4xx') return status >= 400 && status < 500;
  if (row.status === '5xx') return status >= 500 && status < 600;
  return row.status === status;
}

function endpointMatches(row: Headline, endpoint: RuleEndpoint): boolean {
  return (
    row.endpoints === undefined ||
    row.endpoints.some((pattern) =>
      pattern.endsWith('.') ? endpoint.startsWith(pattern) : pattern === endpoint,
    )
  );
}

export function headlineFor(status: number, endpoint: RuleEndpoint, message: string): Headline {
  return (
    HEADLINES.find(
      (row) =>
        statusMatches(row, status) &&
        endpointMatches(row, endpoint) &&
        (row.message === undefined || row.message.test(message)),
    ) ?? FALLBACK
  );
}
