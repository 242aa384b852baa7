/**
 * Keystone v3's routes, as far as real clients need them (identity-and-clients.md §2): version
 * documents, `POST /v3/auth/tokens` (password and token methods) answering 201 with
 * `X-Subject-Token`, token validation and revocation. The bodies are keystone-views.ts's, the
 * state identity.ts's, the auth request's reading credentials.ts's.
 */

import { jsonDepth } from '../nova/json-depth.ts';
import { readRequestBody } from '../request-body.ts';
import { BadAuthRequest, readCredentials } from './credentials.ts';
import type { Credentials, Identity, Token } from './identity.ts';
import {
  json,
  KEYSTONE_MESSAGES,
  keystoneError,
  tokenBody,
  versionDocument,
  versionsDocument,
} from './keystone-views.ts';
import { requestToken } from './middleware.ts';

export interface KeystoneContext {
  identity: Identity;
  /** `<public url>` of the mock; Keystone answers at `<public url>/identity`. */
  publicUrl: string;
  /** Called after every token issued (scenarios count per token). */
  onTokenIssued?: (token: Token) => void;
  /** Larger log-in bodies get Keystone's 413, unread. */
  maxBodyBytes: number;
}

const MAX_AUTH_BODY_DEPTH = 32;

type KeystoneHandler = (
  request: Request,
  context: KeystoneContext,
  identityUrl: string,
) => Promise<Response> | Response;

const VERSIONS: Partial<Record<string, KeystoneHandler>> = {
  GET: (_request, _context, identityUrl) => json(300, versionsDocument(identityUrl)),
  HEAD: (_request, _context, identityUrl) => json(300, versionsDocument(identityUrl)),
};
const VERSION: Partial<Record<string, KeystoneHandler>> = {
  GET: (_request, _context, identityUrl) => json(200, versionDocument(identityUrl)),
  HEAD: (_request, _context, identityUrl) => json(200, versionDocument(identityUrl)),
};

/** One entry per route below `/identity`: a handler per method. */
const ROUTES: Readonly<Record<string, Partial<Record<string, KeystoneHandler>>>> = {
  '': VERSIONS,
  '/': VERSIONS,
  '/v3': VERSION,
  '/v3/': VERSION,
  '/v3/auth/tokens': {
    POST: issueToken,
    GET: (request, context, identityUrl) => checkToken(request, context, identityUrl, true),
    HEAD: (request, context, identityUrl) => checkToken(request, context, identityUrl, false),
    DELETE: revokeToken,
  },
};

/** Answers a request below `/identity`; `path` is the part after it (`''`, `/v3`, `/v3/auth/tokens`…). */
export function handleKeystone(
  request: Request,
  path: string,
  context: KeystoneContext,
): Promise<Response> | Response {
  const identityUrl = `${context.publicUrl}/identity`;
  const methods = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
  const handler = methods && Object.hasOwn(methods, request.method) ? methods[request.method] : undefined;
  if (handler) return handler(request, context, identityUrl);
  // Only the tokens route names the method Keystone refuses; elsewhere Flask answers 404.
  if (path === '/v3/auth/tokens') {
    return keystoneError(
      405,
      identityUrl,
      `The method ${request.method} is not allowed for the requested URL.`,
    );
  }
  return keystoneError(404, identityUrl);
}

async function issueToken(
  request: Request,
  context: KeystoneContext,
  identityUrl: string,
): Promise<Response> {
  let credentials: Credentials | 'unsupported';
  const { text, tooLarge } = await readRequestBody(request, context.maxBodyBytes);
  // keystone/server/flask/request_processing/middleware: oslo's size limiter answers RequestTooLarge.
  if (tooLarge) return keystoneError(413, identityUrl);
  try {
    // An auth request nests six levels; a far deeper one is refused before anything walks it.
    if (jsonDepth(text) > MAX_AUTH_BODY_DEPTH)
      throw new BadAuthRequest(`The request body nests deeper than ${MAX_AUTH_BODY_DEPTH} levels.`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new BadAuthRequest(KEYSTONE_MESSAGES[400] as string);
    }
    credentials = readCredentials(body);
  } catch (error) {
    if (error instanceof BadAuthRequest) return keystoneError(400, identityUrl, error.message);
    throw error;
  }
  if (credentials === 'unsupported') return keystoneError(401, identityUrl);
  const token = context.identity.authenticate(credentials);
  if (!token) return keystoneError(401, identityUrl);
  context.onTokenIssued?.(token);
  return json(201, tokenBody(token, context.publicUrl), { 'x-subject-token': token.id });
}

/** `GET|HEAD /v3/auth/tokens`: validates `X-Subject-Token` for the holder of `X-Auth-Token`. */
function checkToken(
  request: Request,
  context: KeystoneContext,
  identityUrl: string,
  withBody: boolean,
): Response {
  if (!requestToken(context.identity, request.headers)) return keystoneError(401, identityUrl);
  const subjectId = request.headers.get('x-subject-token') ?? '';
  const subject = context.identity.validate(subjectId);
  if (!subject) return keystoneError(404, identityUrl, `Could not find token: ${subjectId}.`);
  const response = json(200, tokenBody(subject, context.publicUrl), { 'x-subject-token': subject.id });
  return withBody ? response : new Response(null, { status: 200, headers: response.headers });
}

function revokeToken(request: Request, context: KeystoneContext, identityUrl: string): Response {
  if (!requestToken(context.identity, request.headers)) return keystoneError(401, identityUrl);
  const subjectId = request.headers.get('x-subject-token') ?? '';
  if (!context.identity.validate(subjectId))
    return keystoneError(404, identityUrl, `Could not find token: ${subjectId}.`);
  context.identity.revoke(subjectId);
  return json(204, undefined);
}
