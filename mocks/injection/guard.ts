/**
 * The first guard of a request (DESIGN.md: error injection -> auth -> microversion gate): decides
 * from the route alone, before anything is read from or written to the store, then waits and
 * answers with the injected error, or lets the request through.
 */

import type { AppRequest } from '../app-request.ts';
import type { Journal } from '../control/journal.ts';
import { glanceError, glanceFaultResponse } from '../glance-api/faults.ts';
import { glanceUnauthorized } from '../glance-api/unauthorized.ts';
import { keystoneError } from '../identity/keystone-views.ts';
import { defaultRetryAfter } from './bodies.ts';
import { parseRule } from './grammar.ts';
import type { ErrorInjector, Injection } from './injector.ts';
import { type ErrorRule, RuleError } from './rules.ts';

export interface GuardContext {
  errors: ErrorInjector;
  journal: Journal;
}

/** The header and query parameter of a one-off rule for a single request. */
export const MOCK_ERROR_HEADER = 'x-mock-error';
export const MOCK_ERROR_PARAM = '__mock_error';

/** The one-off rule of `X-Mock-Error: 403` or `?__mock_error=403` (the grammar of --error). */
export function perRequestRule(request: AppRequest): ErrorRule | undefined {
  const text = request.headers.get(MOCK_ERROR_HEADER) ?? queryRule(request.url);
  return text === null || text.trim() === '' ? undefined : parseRule(text);
}

/**
 * The `__mock_error` parameter of a URL. A query without `%` names its parameters as written, so
 * one without the name in it has none (the common case, answered without parsing the URL).
 */
function queryRule(url: string): string | null {
  const query = url.indexOf('?');
  if (query < 0) return null;
  const search = url.slice(query);
  if (!search.includes(MOCK_ERROR_PARAM) && !search.includes('%')) return null;
  return new URL(url).searchParams.get(MOCK_ERROR_PARAM);
}

function mockError(message: string): Response {
  return new Response(JSON.stringify({ error: { code: 400, message } }), {
    status: 400,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * The injection decided for a request, its delay not yet waited (`withDelay`); a Response when the
 * per-request rule is unreadable. Synchronous: a request no rule touches costs no promise.
 */
export function injectionOf(
  request: AppRequest,
  context: GuardContext,
  call: { endpoint: string; imageId?: string },
): Injection | Response | undefined {
  let oneOff: ErrorRule | undefined;
  try {
    oneOff = perRequestRule(request);
  } catch (error) {
    if (error instanceof RuleError)
      return mockError(`${MOCK_ERROR_HEADER} / ${MOCK_ERROR_PARAM}: ${error.message}`);
    throw error;
  }
  context.journal.note(request, { endpoint: call.endpoint });
  const injection = context.errors.decide(
    { endpoint: call.endpoint, imageId: call.imageId, method: request.method },
    oneOff,
  );
  if (!injection) return undefined;
  context.journal.note(request, {
    injected: injection.status !== undefined,
    rule: injection.ruleId,
    delayMs: injection.delayMs,
  });
  return injection;
}

/** An injection after its delay: itself when it answers, undefined when it only delayed. */
export async function withDelay(injection: Injection, context: GuardContext): Promise<Injection | undefined> {
  if (injection.delayMs > 0) await context.errors.wait(injection.delayMs);
  return injection.status === undefined ? undefined : injection;
}

/** The injection for a request, after its delay; a Response when the per-request rule is unreadable. */
async function decideInjection(
  request: AppRequest,
  context: GuardContext,
  call: { endpoint: string; imageId?: string },
): Promise<Injection | Response | undefined> {
  const decided = injectionOf(request, context, call);
  if (decided === undefined || decided instanceof Response) return decided;
  return withDelay(decided, context);
}

/** For `/identity/v3/auth/tokens`: the injected answer in Keystone's error shape, or undefined. */
export async function injectKeystone(
  request: Request,
  context: GuardContext,
  identityUrl: string,
): Promise<Response | undefined> {
  const decided = await decideInjection(request, context, { endpoint: 'identity.tokens' });
  if (decided === undefined || decided instanceof Response) return decided;
  const { status } = decided;
  if (status === 'network') return Response.error();
  if (status === undefined) return undefined;
  const extra: Record<string, string> = {};
  if (status === 413 || status === 429)
    extra['retry-after'] = String(decided.retryAfter ?? defaultRetryAfter(status));
  return keystoneError(status, identityUrl, decided.message, extra);
}

/**
 * For a routed Glance request: the injected answer in Glance's shapes (WebOb's error bodies, the
 * 401 of Glance's context middleware), or undefined to go on.
 */
export async function injectGlance(
  request: Request,
  context: GuardContext,
  call: { endpoint: string; imageId: string; headers: Headers; identityUrl: string },
): Promise<Response | undefined> {
  const decided = await decideInjection(request, context, {
    endpoint: call.endpoint,
    imageId: call.imageId || undefined,
  });
  if (decided === undefined || decided instanceof Response) return decided;
  const { status } = decided;
  if (status === 'network') return Response.error();
  if (status === undefined) return undefined;
  const accept = request.headers.get('accept');
  if (status === 401) return glanceUnauthorized(call.identityUrl, accept, decided.message);
  const extra: Record<string, string> = {};
  if (status === 413 || status === 429)
    extra['retry-after'] = String(decided.retryAfter ?? defaultRetryAfter(status));
  const message = decided.message ?? glanceMessage(status, call.endpoint, call.imageId);
  return glanceFaultResponse(glanceError(status, message, extra), accept, call.headers);
}

/** The text real Glance gives a status on an endpoint, where it has its own; else WebOb's. */
function glanceMessage(status: number, endpoint: string, imageId: string): string | undefined {
  const onImage = imageId !== '' && endpoint !== 'glance.images.list';
  if (status === 404 && onImage) return `No image found with ID ${imageId}`;
  if (status === 403 && onImage && endpoint !== 'glance.images.show') return 'You do not own this image';
  return undefined;
}
