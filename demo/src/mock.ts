/**
 * Starts the mock in the page before the app makes its first request, with token auth (so an
 * expired or missing token is a real 401). The page's query can change that:
 * `?dataset=<name or URL>` (default `demo`, or `api-samples` where that is not bundled) and
 * `?auth=none`.
 */
import { type NovaImagesBrowserMock, startNovaImagesMock } from '../../mocks/browser.ts';

const bundled = import.meta.glob('../../fixtures/datasets/demo.json');

export function startMock(): Promise<NovaImagesBrowserMock> {
  const query = new URLSearchParams(location.search);
  const fallback = Object.keys(bundled).length > 0 ? 'demo' : 'api-samples';
  return startNovaImagesMock({
    dataset: query.get('dataset') ?? fallback,
    auth: query.get('auth') === 'none' ? 'none' : 'token',
    serviceWorkerUrl: `${import.meta.env.BASE_URL}mockServiceWorker.js`,
    quiet: true,
  });
}
