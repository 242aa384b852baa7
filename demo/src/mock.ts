/**
 * Starts the mock in the page before the app makes its first request. `?dataset=<name or URL>`
 * picks another dataset; the default is `demo`, or `api-samples` where that is not bundled.
 */
import { type NovaImagesBrowserMock, startNovaImagesMock } from '../../mocks/browser.ts';

const bundled = import.meta.glob('../../fixtures/datasets/demo.json');

export function startMock(): Promise<NovaImagesBrowserMock> {
  const requested = new URLSearchParams(location.search).get('dataset');
  const fallback = Object.keys(bundled).length > 0 ? 'demo' : 'api-samples';
  return startNovaImagesMock({
    dataset: requested ?? fallback,
    serviceWorkerUrl: `${import.meta.env.BASE_URL}mockServiceWorker.js`,
    quiet: true,
  });
}
