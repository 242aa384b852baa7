/**
 * The MSW handlers: one set for every runtime (browser worker, setupServer, standalone server).
 */
import { http, type RequestHandler } from 'msw';
import { type AppConfig, NovaImagesApp } from './app.ts';
import { loadDatasetSync } from './dataset-sync.ts';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_LIMIT,
  DEFAULT_METADATA_QUOTA,
  DEFAULT_PROJECT_ID,
  type NovaImagesMockOptions,
} from './options.ts';
import { ImageStore } from './store/image-store.ts';

export interface CreateHandlersOptions extends NovaImagesMockOptions, HandlersForOptions {
  /** Serve this store instead of one built from `dataset` (the runtimes share theirs this way). */
  store?: ImageStore;
}

export interface HandlersForOptions {
  /**
   * What happens to requests on the mock's origin outside `/v2`, `/v2.1` (and the mock's own
   * routes). `'choices'` (default): Nova's answers, the root version list for `/` and the 300
   * version choices for any other path, as a real Nova endpoint does. `'passthrough'`: no handler
   * matches them, so they reach the network; the browser runtime uses this, because there the
   * mock shares its origin with the page's own documents, scripts and images.
   */
  unknownPaths?: 'choices' | 'passthrough';
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Builds the store described by the options. */
export function createStore(options: NovaImagesMockOptions = {}): ImageStore {
  return new ImageStore(loadDatasetSync(options.dataset ?? 'api-samples'), {
    clock: options.clock,
    metadataQuota: options.metadataQuota ?? DEFAULT_METADATA_QUOTA,
  });
}

export function createApp(options: CreateHandlersOptions = {}): NovaImagesApp {
  const base = options.baseUrl ? new URL(options.baseUrl) : undefined;
  const config: AppConfig = {
    basePath: base ? base.pathname.replace(/\/+$/, '') : '',
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    glanceUrl: options.glanceUrl?.replace(/\/+$/, ''),
    projectId: options.projectId ?? DEFAULT_PROJECT_ID,
    maxLimit: options.maxLimit ?? DEFAULT_MAX_LIMIT,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
  };
  return new NovaImagesApp(options.store ?? createStore(options), config);
}

/** MSW handlers serving Nova's images API over the given app (see `createHandlers`). */
export function handlersFor(
  app: NovaImagesApp,
  baseUrl?: string,
  options: HandlersForOptions = {},
): RequestHandler[] {
  // MSW matches RegExp paths against origin + path (no query). Without a base URL, any origin.
  const origin = baseUrl
    ? escapeRegExp(`${new URL(baseUrl).origin}${app.config.basePath}`)
    : 'https?://[^/]+';
  const api = http.all(new RegExp(`^${origin}/+v2(?:\\.1)?(?:/.*)?$`), ({ request }) =>
    app.handleApi(request),
  );
  if (options.unknownPaths === 'passthrough') return [api];
  return [
    http.get(new RegExp(`^${origin}/*$`), ({ request }) => app.versionList(request)),
    api,
    http.all(new RegExp(`^${origin}/.*$`), ({ request }) => app.versionChoices(request)),
  ];
}

/**
 * MSW request handlers for Nova's images API: `setupServer(...createHandlers(options))` or
 * `setupWorker(...)`.
 */
export function createHandlers(options: CreateHandlersOptions = {}): RequestHandler[] {
  return handlersFor(createApp(options), options.baseUrl, options);
}
