/**
 * The error-injection rule model: which requests a rule selects (endpoint, image, method), when it
 * fires (times, every, after, probability) and what it does (a status, a dropped connection,
 * latency). Shared by code, the HTTP control plane, the CLI grammar and the per-request header.
 */
import { GLANCE_ENDPOINTS } from '../glance-api/routes.ts';
import { ENDPOINTS } from '../nova/routes.ts';

export const INJECTABLE_STATUSES = [400, 401, 403, 404, 409, 413, 429, 500, 503] as const;
export type InjectableStatus = (typeof INJECTABLE_STATUSES)[number];

/** Every endpoint a rule can name: Nova's ten image routes and Keystone's token route. */
export const RULE_ENDPOINTS = [...ENDPOINTS, ...GLANCE_ENDPOINTS, 'identity.tokens'] as const;
export type RuleEndpoint = (typeof RULE_ENDPOINTS)[number];

export interface ErrorRule {
  /** The answer: a status (with the body Nova, Keystone or keystonemiddleware sends for it), or `network` (the connection drops). Absent: latency only. */
  status?: InjectableStatus | 'network';
  /** Endpoint names or globs (`*`, `metadata.*`); default `*` (every endpoint). */
  endpoint?: string | string[];
  /** Only requests for this image id. */
  imageId?: string;
  /** Only this HTTP method. */
  method?: string;
  /** Fire at most this many times. */
  times?: number;
  /** Fire on every Nth selected request (the Nth, 2Nth, …). */
  every?: number;
  /** Let the first N selected requests through. */
  after?: number;
  /** Fire with this probability (0 < p ≤ 1), drawn from the seeded generator. */
  probability?: number;
  /** Latency before answering: milliseconds, or a [min, max] range drawn uniformly. */
  delayMs?: number | [number, number];
  /** Replaces the text of the error body. */
  message?: string;
  /** `Retry-After` (seconds) of a 413/429; default 0 for 413, 60 for 429. */
  retryAfter?: number;
  /** Counting (`after`, `every`, `times`) restarts whenever a token is issued (the token-expired scenario). */
  resetOnAuth?: boolean;
}

export class RuleError extends Error {
  override name = 'RuleError';
}

/**
 * Whether an endpoint name matches a pattern: a name, `*`, or a glob such as `metadata.*`. Patterns
 * come from any request (`X-Mock-Error`, `?__mock_error=`), so this must not backtrack: the greedy
 * two-cursor match below remembers only the last `*`, which keeps it O(pattern × name) for any
 * pattern, where a glob compiled to a RegExp doubles its time with each extra `*`.
 */
export function endpointMatches(pattern: string, endpoint: string): boolean {
  if (pattern === '*' || pattern === endpoint) return true;
  let p = 0;
  let e = 0;
  let star = -1;
  let resume = 0;
  while (e < endpoint.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = e;
    } else if (p < pattern.length && pattern[p] === endpoint[e]) {
      p++;
      e++;
    } else if (star >= 0) {
      p = star + 1;
      e = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

function checkEndpoint(pattern: unknown): string {
  if (typeof pattern !== 'string' || pattern === '')
    throw new RuleError('endpoint must be a non-empty string');
  if (!RULE_ENDPOINTS.some((endpoint) => endpointMatches(pattern, endpoint))) {
    throw new RuleError(
      `unknown endpoint '${pattern}'; known: ${RULE_ENDPOINTS.join(', ')}, or a glob such as * or metadata.*`,
    );
  }
  return pattern;
}

function positiveInteger(name: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RuleError(`${name} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * The longest delay a rule or the latency may ask for: ten minutes, longer than any client waits.
 * Beyond 2^31 - 1 ms a timer would fire at once, so an unbounded delay could not even be kept.
 */
export const MAX_DELAY_MS = 10 * 60 * 1000;

/** Milliseconds (0 to MAX_DELAY_MS) or an ordered [min, max]; RuleError otherwise. */
export function validateDelay(value: unknown, name = 'delayMs'): number | [number, number] {
  const ok = (ms: unknown): ms is number =>
    typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 && ms <= MAX_DELAY_MS;
  if (ok(value)) return value;
  if (Array.isArray(value) && value.length === 2 && ok(value[0]) && ok(value[1]) && value[0] <= value[1]) {
    return [value[0], value[1]];
  }
  throw new RuleError(
    `${name} must be milliseconds from 0 to ${MAX_DELAY_MS} or [min, max], got ${JSON.stringify(value)}`,
  );
}

const statusList = `${INJECTABLE_STATUSES.join(', ')} or "network"`;

/** Each field's check, in the order the README lists them: the value as the rule keeps it. */
const FIELDS: { readonly [K in keyof ErrorRule]-?: (value: unknown) => NonNullable<ErrorRule[K]> } = {
  status: (status) => {
    if (status !== 'network' && !INJECTABLE_STATUSES.includes(status as InjectableStatus)) {
      throw new RuleError(`status must be one of ${statusList}, got ${JSON.stringify(status)}`);
    }
    return status as NonNullable<ErrorRule['status']>;
  },
  endpoint: (endpoint) => {
    if (!Array.isArray(endpoint)) return checkEndpoint(endpoint);
    if (endpoint.length === 0) throw new RuleError('endpoint must not be an empty list');
    return endpoint.map(checkEndpoint);
  },
  imageId: (imageId) => {
    if (typeof imageId !== 'string' || imageId === '')
      throw new RuleError('imageId must be a non-empty string');
    return imageId;
  },
  method: (method) => {
    if (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method))
      throw new RuleError('method must be an HTTP method such as DELETE');
    return method.toUpperCase();
  },
  times: (times) => positiveInteger('times', times),
  every: (every) => positiveInteger('every', every),
  after: (after) => positiveInteger('after', after, 0),
  probability: (p) => {
    if (typeof p !== 'number' || !(p > 0 && p <= 1))
      throw new RuleError(`probability must be a number in (0, 1], got ${JSON.stringify(p)}`);
    return p;
  },
  delayMs: (delay) => validateDelay(delay),
  message: (message) => {
    if (typeof message !== 'string') throw new RuleError('message must be a string');
    return message;
  },
  retryAfter: (seconds) => positiveInteger('retryAfter', seconds, 0),
  resetOnAuth: (reset) => {
    if (typeof reset !== 'boolean') throw new RuleError('resetOnAuth must be true or false');
    return reset;
  },
};

const RULE_KEYS = Object.keys(FIELDS) as (keyof ErrorRule)[];

/** Checks a rule given as JSON or in code; throws RuleError with a message meant for people. */
export function validateRule(input: unknown): ErrorRule {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new RuleError('a rule must be a JSON object such as {"status": 404, "endpoint": "images.show"}');
  }
  const source = input as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    if (!(RULE_KEYS as string[]).includes(key))
      throw new RuleError(`unknown rule field '${key}'; known: ${RULE_KEYS.join(', ')}`);
  }
  const rule: Record<string, unknown> = {};
  for (const key of RULE_KEYS) {
    if (source[key] !== undefined) rule[key] = FIELDS[key](source[key]);
  }
  if (rule.status === undefined && rule.delayMs === undefined) {
    throw new RuleError(`a rule needs a status (${statusList}) or delayMs`);
  }
  return rule as ErrorRule;
}

export function ruleSelects(
  rule: ErrorRule,
  request: { endpoint: string; method: string; imageId?: string },
): boolean {
  const patterns =
    rule.endpoint === undefined ? ['*'] : Array.isArray(rule.endpoint) ? rule.endpoint : [rule.endpoint];
  if (!patterns.some((pattern) => endpointMatches(pattern, request.endpoint))) return false;
  if (rule.method !== undefined && rule.method !== request.method.toUpperCase()) return false;
  if (rule.imageId !== undefined && rule.imageId !== request.imageId) return false;
  return true;
}
