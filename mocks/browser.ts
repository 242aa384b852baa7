/**
 * The browser runtime: msw's setupWorker over the same handlers as every other runtime, answering
 * on the page's own origin (`/v2.1/...`). The page's other requests (documents, scripts, images)
 * are left alone.
 */
import { type SetupWorker, setupWorker } from 'msw/browser';
import {
  DatasetError,
  type DatasetSource,
  isBundledDataset,
  loadDataset,
  validateDataset,
} from './dataset.ts';
import { createApp, handlersFor } from './handlers.ts';
import type { NovaImagesMockOptions } from './options.ts';
import type { ImageStore } from './store/image-store.ts';
import type { ImageRecord } from './types.ts';

export interface StartNovaImagesMockOptions extends NovaImagesMockOptions {
  /**
   * A bundled dataset name (`api-samples`, `demo`, …), the URL of a dataset file (absolute or
   * relative to the page, fetched from the real network before the worker starts), or records.
   * Default `api-samples`.
   */
  dataset?: DatasetSource;
  /**
   * Where the API answers. Default: the page's origin, so `fetch('/v2.1/images')` is mocked and
   * requests to other origins are not.
   */
  baseUrl?: string;
  /** URL of the worker script that `npx msw init <dir>` wrote. Default `/mockServiceWorker.js`. */
  serviceWorkerUrl?: string;
  /** Do not log each mocked request in the console. Default false. */
  quiet?: boolean;
  /** What msw does with requests no handler answers. Default `'bypass'` (let them through silently). */
  onUnhandledRequest?: 'bypass' | 'warn' | 'error';
  /** The `window` property the control object is set on; `false` for none. Default `'novaImagesMock'`. */
  globalName?: string | false;
}

export interface NovaImagesBrowserMock {
  /** Restores the dataset. */
  reset: () => void;
  /** Stops answering requests (msw `worker.stop()`); the page's fetches reach the network again. */
  stop: () => void;
  /** The store behind the mock, for arranging and asserting state. */
  store: ImageStore;
  /** The msw worker, e.g. for `worker.use(...)` overrides. */
  worker: SetupWorker;
  /** Where the API answers, e.g. `http://localhost:5173`. */
  baseUrl: string;
}

declare global {
  interface Window {
    novaImagesMock?: NovaImagesBrowserMock;
  }
}

/** The records of a bundled dataset, a dataset URL or in-memory records. */
export async function loadBrowserDataset(source: DatasetSource = 'api-samples'): Promise<ImageRecord[]> {
  if (typeof source !== 'string' || isBundledDataset(source)) return loadDataset(source);
  const url = new URL(source, globalThis.location?.href);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new DatasetError(`${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new DatasetError(`${url}: HTTP ${response.status} ${response.statusText}`);
  try {
    return validateDataset(await response.json());
  } catch (error) {
    throw new DatasetError(`${url}: ${(error as Error).message}`);
  }
}

/**
 * Loads the dataset (before the worker starts, so a dataset URL is fetched from the real network),
 * registers the worker and resolves once requests are answered.
 */
export async function startNovaImagesMock(
  options: StartNovaImagesMockOptions = {},
): Promise<NovaImagesBrowserMock> {
  const baseUrl = options.baseUrl ?? globalThis.location.origin;
  const records = await loadBrowserDataset(options.dataset);
  const app = createApp({ ...options, baseUrl, dataset: records });
  const worker = setupWorker(...handlersFor(app, baseUrl, { unknownPaths: 'passthrough' }));
  await worker.start({
    serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
    quiet: options.quiet ?? false,
    onUnhandledRequest: options.onUnhandledRequest ?? 'bypass',
  });
  const mock: NovaImagesBrowserMock = {
    reset: () => app.store.reset(),
    stop: () => {
      worker.stop();
      if (globalName && window[globalName as 'novaImagesMock'] === mock)
        delete window[globalName as 'novaImagesMock'];
    },
    store: app.store,
    worker,
    baseUrl,
  };
  const globalName = options.globalName ?? 'novaImagesMock';
  if (globalName) (window as unknown as Record<string, unknown>)[globalName] = mock;
  return mock;
}

export type { NovaImagesMockOptions } from './options.ts';
