/**
 * The in-process runtime for Node tests: msw's setupServer over the same handlers as every
 * other runtime.
 */
import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { type ErrorControls, errorControls, resetApp, setScenario } from './control/actions.ts';
import type { JournalEntry } from './control/journal.ts';
import type { ImageService } from './glance/image-service.ts';
import { createApp, handlersFor } from './handlers.ts';
import type { RuleView } from './injection/injector.ts';
import { type UnhandledRequestStrategy, unhandledRequestOptions } from './msw-compat.ts';
import { DEFAULT_HOST, DEFAULT_PORT, type NovaImagesMockOptions } from './options.ts';
import { persistToFile } from './persist-file.ts';

/** Where the Node runtime answers unless told otherwise: the standalone server's default address. */
export const DEFAULT_NODE_BASE_URL = `http://${DEFAULT_HOST}:${DEFAULT_PORT}`;

export interface ListenOptions {
  /** What msw does with requests no handler answers (msw's own default: `'warn'`). */
  onUnhandledRequest?: UnhandledRequestStrategy;
}

export interface NovaImagesMock {
  /** Starts intercepting requests (msw `listen`), with msw 2 and msw 3 alike. */
  listen: (options?: ListenOptions) => void;
  close: () => void;
  /** Restores the dataset, the start-up error rules and scenario, empties the journal and drops `use()` overrides. */
  reset: () => void;
  /** Prepends handlers, e.g. a per-test override (msw `use`). */
  use: (...handlers: RequestHandler[]) => void;
  /** The image service (Glance's state) behind the mock, for arranging and asserting state. */
  store: ImageService;
  /** Where the API answers, e.g. `http://127.0.0.1:8774`. */
  baseUrl: string;
  /** Error-injection rules: `add` (object or `images.show=404x1`), `remove`, `clear`, `list` (with hit counts). */
  errors: ErrorControls;
  /** Switches to a named scenario (null: none); returns its rules. */
  scenario: (name: string | null) => RuleView[];
  /** The request journal (as `GET /__mock/requests`). */
  requests: () => JournalEntry[];
}

export interface CreateNovaImagesMockOptions extends NovaImagesMockOptions {
  /**
   * Keep the images in this file across runs (`serve --persist FILE`): loaded from it when it
   * exists, else from `dataset`; every write is on disk before its answer; `reset()` goes back to
   * the dataset and rewrites the file. Default: nothing is kept.
   */
  persistFile?: string;
}

export function createNovaImagesMock(options: CreateNovaImagesMockOptions = {}): NovaImagesMock {
  const baseUrl = options.baseUrl ?? DEFAULT_NODE_BASE_URL;
  const app = createApp({ ...options, baseUrl });
  const persisted =
    options.persistFile === undefined ? undefined : persistToFile(app.store, options.persistFile);
  const server = setupServer(...handlersFor(app, baseUrl));
  let listening = false;
  return {
    listen: (listenOptions = {}) => {
      server.listen(unhandledRequestOptions(listenOptions.onUnhandledRequest));
      listening = true;
    },
    close: () => {
      // msw 3 throws when a server that is not listening is closed; closing a mock never does.
      if (listening) server.close();
      listening = false;
      persisted?.close();
    },
    reset: () => {
      server.resetHandlers();
      resetApp(app);
    },
    use: (...handlers) => server.use(...handlers),
    store: app.store,
    baseUrl,
    errors: errorControls(app),
    scenario: (name) => setScenario(app, name),
    requests: () => app.journal.entries(),
  };
}

export type { UnhandledRequestStrategy } from './msw-compat.ts';
export type { NovaImagesMockOptions } from './options.ts';
