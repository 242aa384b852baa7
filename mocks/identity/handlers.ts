/** MSW handler for Keystone v3 at `<origin><base path>/identity` (every runtime). */
import { http, type RequestHandler } from 'msw';
import type { NovaImagesApp } from '../app.ts';
import { injectKeystone } from '../errors/guard.ts';
import { journaled } from '../errors/journal.ts';
import { handleKeystone, keystoneError } from './keystone.ts';

/** Answers a request below `/identity`: injection on `identity.tokens` first, then Keystone. */
export async function handleIdentity(app: NovaImagesApp, request: Request): Promise<Response> {
  const path = new URL(request.url).pathname.slice(app.config.basePath.length).replace(/^\/+identity/, '');
  if (path === '/v3/auth/tokens') {
    const injected = await injectKeystone(request, app.guardContext(request));
    if (injected) return injected;
  }
  try {
    return await handleKeystone(request, path, {
      identity: app.identity,
      publicUrl: app.publicUrlFor(request),
      onTokenIssued: () => app.errors.tokenIssued(),
      maxBodyBytes: app.config.maxBodyBytes,
    });
  } catch {
    // Keystone's own 500 (keystone/exception.py UnexpectedError), never msw's with a stack trace.
    return keystoneError(500, `${app.publicUrlFor(request)}/identity`);
  }
}

/** `origin` is a RegExp source for the mock's origin and base path. */
export function identityHandlers(app: NovaImagesApp, origin: string): RequestHandler[] {
  return [
    http.all(
      new RegExp(`^${origin}/+identity(?:/.*)?$`),
      journaled(app.journal, (request) => handleIdentity(app, request)),
    ),
  ];
}
