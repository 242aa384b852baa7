/**
 * The MSW handlers of the browser worker and setupServer, thin adapters over the one app that
 * every runtime serves (mocks/app.ts); and the app built from the shared options.
 */
import { http, type RequestHandler } from 'msw';
import { type AppConfig, NovaImagesApp } from './app.ts';
import { scenarioRules, toRule } from './control/actions.ts';
import { Journal } from './control/journal.ts';
import { DEFAULT_DATASET } from './dataset.ts';
import { storedDatasetSync } from './dataset-sync.ts';
import { ImageService, replaceAllServed } from './glance/image-service.ts';
import { DEFAULT_MAX_IMAGE_BYTES, GLANCE_MOUNT } from './glance-api/app.ts';
import { baseUrlOption } from './http-url.ts';
import { Identity } from './identity/identity.ts';
import { ErrorInjector } from './injection/injector.ts';
import { scenarioMetadataQuota } from './injection/scenarios.ts';
import { releaseProfile } from './nova/release.ts';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_LIMIT,
  DEFAULT_METADATA_QUOTA,
  DEFAULT_PROJECT_ID,
  type NovaImagesMockOptions,
} from './options.ts';

export type CreateHandlersOptions = NovaImagesMockOptions & HandlersForOptions;

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

/** The image service holding the options' dataset. */
export function createImageService(options: NovaImagesMockOptions = {}): ImageService {
  // Loaded before the service is made: a bad dataset is refused before anything else is built.
  const dataset = storedDatasetSync(options.dataset ?? DEFAULT_DATASET);
  const service = new ImageService([], { clock: options.clock });
  replaceAllServed(service, dataset);
  return service;
}

export function createApp(options: CreateHandlersOptions = {}): NovaImagesApp {
  const base = options.baseUrl ? new URL(options.baseUrl) : undefined;
  const config: AppConfig = {
    basePath: base ? base.pathname.replace(/\/+$/, '') : '',
    publicUrl: baseUrlOption('publicUrl', options.publicUrl),
    glanceUrl: baseUrlOption('glanceUrl', options.glanceUrl),
    projectId: options.projectId ?? DEFAULT_PROJECT_ID,
    maxLimit: options.maxLimit ?? DEFAULT_MAX_LIMIT,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxImageBytes: options.maxImageBytes ?? DEFAULT_MAX_IMAGE_BYTES,
    metadataQuota: options.metadataQuota ?? DEFAULT_METADATA_QUOTA,
    release: releaseProfile(options.novaRelease, options.maxMicroversion),
  };
  const errors = new ErrorInjector({
    rules: (options.errors ?? []).map(toRule),
    seed: options.errorSeed,
    latency: options.latency,
  });
  const app = new NovaImagesApp(createImageService(options), config, {
    identity: new Identity({
      auth: options.auth,
      tokenTtlSeconds: options.tokenTtlSeconds,
      users: options.users,
      projectId: config.projectId,
      clock: options.clock,
    }),
    errors,
    journal: new Journal({ clock: options.clock }),
  });
  // A scenario may set Nova's metadata quota (`metadata-quota`) while it is active.
  errors.onScenarioChange((name) => app.nova.quota.override(scenarioMetadataQuota(name)));
  if (options.scenario !== undefined) app.errors.setInitialScenario(scenarioRules(app, options.scenario));
  return app;
}

/**
 * The requests that are the mock's, as an msw path: a RegExp over origin + path (no query).
 * Without a base URL, any origin.
 */
export function mockPaths(app: NovaImagesApp, baseUrl?: string, options: HandlersForOptions = {}): RegExp {
  const origin = baseUrl
    ? escapeRegExp(`${new URL(baseUrl).origin}${app.config.basePath}`)
    : 'https?://[^/]+';
  // Passthrough: only Nova's and Glance's APIs, Keystone and the control plane; every other path
  // reaches the network.
  if (options.unknownPaths === 'passthrough') {
    return new RegExp(
      `^${origin}/+(?:v2(?:\\.1)?|identity|__mock)(?:/.*)?$|^${origin}${GLANCE_MOUNT}(?:/.*)?$`,
    );
  }
  return new RegExp(`^${origin}(?:/.*)?$`);
}

/**
 * The MSW adapter of the app (see `createHandlers`): msw decides which requests are the mock's,
 * so per-test `use()` overrides, prepended, still win; the app answers them.
 */
export function handlersFor(
  app: NovaImagesApp,
  baseUrl?: string,
  options: HandlersForOptions = {},
): RequestHandler[] {
  return [http.all(mockPaths(app, baseUrl, options), ({ request }) => app.fetch(request))];
}

/**
 * MSW request handlers for Nova's images API: `setupServer(...createHandlers(options))` or
 * `setupWorker(...)`.
 */
export function createHandlers(options: CreateHandlersOptions = {}): RequestHandler[] {
  return handlersFor(createApp(options), options.baseUrl, options);
}
