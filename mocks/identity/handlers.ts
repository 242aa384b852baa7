/** Keystone v3 at `<origin><base path>/identity` (every runtime). */
import type { NovaImagesApp } from '../app.ts';
import { injectKeystone } from '../injection/guard.ts';
import type { Site } from '../nova/pipeline.ts';
import { handleKeystone } from './keystone.ts';
import { keystoneError } from './keystone-views.ts';

/** Answers a request below `/identity`: injection on `identity.tokens` first, then Keystone. */
export async function handleIdentity(app: NovaImagesApp, request: Request, site: Site): Promise<Response> {
  const path = site.path.replace(/^\/+identity/, '');
  if (path === '/v3/auth/tokens') {
    const injected = await injectKeystone(request, app, `${site.publicUrl}/identity`);
    if (injected) return injected;
  }
  try {
    return await handleKeystone(request, path, {
      identity: app.identity,
      publicUrl: site.publicUrl,
      onTokenIssued: () => app.errors.tokenIssued(),
      maxBodyBytes: app.config.maxBodyBytes,
    });
  } catch {
    // Keystone's own 500 (keystone/exception.py UnexpectedError), never a stack trace.
    return keystoneError(500, `${site.publicUrl}/identity`);
  }
}
