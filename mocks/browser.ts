/**
 * The browser runtime: msw's setupWorker over the same handlers as every other runtime, answering
 * on the page's own origin (`/identity/v3`, `/v2.1/...`, `/__mock/...`). The page's other requests
 * (documents, scripts, images) are left alone. Error rules and the scenario persist in
 * localStorage until a reset; issued tokens persist in sessionStorage, like the page's session.
 * The data does not: each page load starts from the dataset.
 */
import { http } from 'msw';
import { type SetupWorker, setupWorker } from 'msw/browser';
import type { NovaImagesApp } from './app.ts';
import { type ErrorControls, errorControls, resetApp, setScenario } from './control/actions.ts';
import type { JournalEntry } from './control/journal.ts';
import {
  DatasetError,
  type DatasetSource,
  DEFAULT_DATASET,
  isBundledDataset,
  parseDatasetFile,
  validatedRecords,
} from './dataset.ts';
import { loadBundledDataset } from './dataset-load.ts';
import type { ImageService } from './glance/image-service.ts';
import { createApp, mockPaths } from './handlers.ts';
import type { Token } from './identity/identity.ts';
import type { RuleView } from './injection/injector.ts';
import type { ErrorRule } from './injection/rules.ts';
import { type UnhandledRequestStrategy, unhandledRequestOptions } from './msw-compat.ts';
import type { NovaImagesMockOptions } from './options.ts';
import { withReasonPhrase } from './reason-phrases.ts';
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
  onUnhandledRequest?: UnhandledRequestStrategy;
  /**
   * Storage key under which rules and scenario (localStorage) and tokens (sessionStorage) survive
   * page reloads; `false` keeps nothing. Default `'nova-images-mock'`.
   */
  persist?: string | false;
  /** The `window` property the control object is set on; `false` for none. Default `'novaImagesMock'`. */
  globalName?: string | false;
}

export interface NovaImagesBrowserMock {
  /** Error-injection rules: `add` (object or `images.show=404x1`), `remove`, `clear`, `list` (with hit counts). */
  errors: ErrorControls;
  /** Switches to a named scenario (null: none); returns its rules. */
  scenario: (name: string | null) => RuleView[];
  /** The dataset as loaded, the start-up rules and scenario, an empty journal; forgets what was persisted. */
  reset: () => void;
  /** The request journal (as `GET /__mock/requests`). */
  requests: () => JournalEntry[];
  /** Stops answering requests (msw `worker.stop()`); the page's fetches reach the network again. */
  stop: () => void;
  /** The image service (Glance's state) behind the mock, for arranging and asserting state. */
  store: ImageService;
  /** The msw worker, e.g. for `worker.use(...)` overrides. */
  worker: SetupWorker;
  /** Where the API answers, e.g. `http://localhost:5173`. */
  baseUrl: string;
}

declare global {
  /** The running browser mock (`globalName`, default `novaImagesMock`), for the console and your code. */
  var novaImagesMock: NovaImagesBrowserMock | undefined;
}

/** The records of a bundled dataset, a dataset URL or in-memory records. */
export async function loadBrowserDataset(source: DatasetSource = DEFAULT_DATASET): Promise<ImageRecord[]> {
  if (typeof source !== 'string') return validatedRecords(source);
  if (isBundledDataset(source)) return loadBundledDataset(source);
  const url = new URL(source, globalThis.location?.href);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new DatasetError(`${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new DatasetError(`${url}: HTTP ${response.status} ${response.statusText}`);
  // A dev server answers a missing file with its index page, 200 text/html.
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('html')) throw new DatasetError(`${url}: not a dataset file (the server sent ${type})`);
  return parseDatasetFile(String(url), await response.text()).records;
}

/** What survives a reload: the rules added at run time (what is left of them) and the scenario. */
interface SavedErrors {
  rules: ErrorRule[];
  scenario: string | null;
}

function ruleOf({
  id: _id,
  hits,
  matched: _matched,
  scenario: _scenario,
  ...rule
}: RuleView): ErrorRule | undefined {
  if (rule.times === undefined) return rule;
  // A `once` rule that already fired stays used up after a reload.
  const left = rule.times - hits;
  return left > 0 ? { ...rule, times: left } : undefined;
}

class Persistence {
  constructor(
    private readonly app: NovaImagesApp,
    private readonly key: string | false,
  ) {}

  #read<T>(storage: Storage, key: string): T | undefined {
    try {
      const text = storage.getItem(key);
      return text === null ? undefined : (JSON.parse(text) as T);
    } catch {
      return undefined;
    }
  }

  #write(storage: Storage, key: string, value: unknown): void {
    try {
      storage.setItem(key, JSON.stringify(value));
    } catch {
      // Storage full or disabled: the mock keeps working, it just forgets on reload.
    }
  }

  /** Puts back what an earlier page load left; a saved state that no longer applies is dropped. */
  restore(): void {
    if (!this.key) return;
    const tokens = this.#read<Token[]>(sessionStorage, `${this.key}:tokens`);
    if (tokens) this.app.identity.restoreTokens(tokens);
    const saved = this.#read<SavedErrors>(localStorage, `${this.key}:errors`);
    if (!saved) return;
    try {
      this.app.errors.clear();
      for (const rule of saved.rules) this.app.errors.add(rule);
      setScenario(this.app, saved.scenario);
    } catch {
      localStorage.removeItem(`${this.key}:errors`);
      this.app.errors.reset();
    }
  }

  saveErrors(): void {
    if (!this.key) return;
    const rules = this.app.errors
      .list()
      .filter((rule) => rule.scenario === undefined)
      .flatMap((rule) => ruleOf(rule) ?? []);
    this.#write(localStorage, `${this.key}:errors`, { rules, scenario: this.app.errors.scenario });
  }

  saveTokens(): void {
    if (this.key) this.#write(sessionStorage, `${this.key}:tokens`, this.app.identity.issuedTokens());
  }

  forgetErrors(): void {
    if (this.key) localStorage.removeItem(`${this.key}:errors`);
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
  const persistence = new Persistence(app, options.persist ?? 'nova-images-mock');
  persistence.restore();

  // Every mocked answer carries the reason phrase the standalone server sends. Only the mock's own
  // paths are claimed, so `onUnhandledRequest` still sees every other request of the page.
  const worker = setupWorker(
    http.all(mockPaths(app, baseUrl, { unknownPaths: 'passthrough' }), async ({ request }) =>
      withReasonPhrase(await app.fetch(request)),
    ),
  );
  // Whatever changes the rules (the control plane, a scenario, hits of a `once` rule, this
  // object's calls) is saved; a reset forgets what was saved; issued and revoked tokens are saved.
  app.errors.onChange((change) =>
    change === 'reset' ? persistence.forgetErrors() : persistence.saveErrors(),
  );
  app.identity.onTokensChange(() => persistence.saveTokens());
  await worker.start({
    serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
    quiet: options.quiet ?? false,
    ...unhandledRequestOptions(options.onUnhandledRequest ?? 'bypass'),
  });

  const controls = errorControls(app);
  const globalName = options.globalName ?? 'novaImagesMock';
  const globals = window as unknown as Record<string, unknown>;
  const mock: NovaImagesBrowserMock = {
    errors: controls,
    scenario: (name: string | null) => setScenario(app, name),
    reset: () => resetApp(app),
    requests: () => app.journal.entries(),
    stop: () => {
      worker.stop();
      if (globalName && globals[globalName] === mock) delete globals[globalName];
    },
    store: app.store,
    worker,
    baseUrl,
  };
  if (globalName) globals[globalName] = mock;
  return mock;
}

export type { JournalEntry } from './control/journal.ts';
export type { RuleView } from './injection/injector.ts';
export {
  type ErrorRule,
  INJECTABLE_STATUSES,
  type InjectableStatus,
  RULE_ENDPOINTS,
  type RuleEndpoint,
} from './injection/rules.ts';
export { SCENARIOS, type Scenario } from './injection/scenarios.ts';
export type { NovaImagesMockOptions } from './options.ts';
