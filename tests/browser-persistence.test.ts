// The browser runtime keeps what a page reload must not lose: error rules (with what is left of a
// `once` rule), the scenario and issued tokens, saved whenever the mock's own state changes,
// however it was changed (the control plane, `window.novaImagesMock`, a rule firing); a reset
// forgets the saved rules. Debian's Chromium on the demo page's origin.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, useMockPage } from './e2e/browser.ts';
import { skipWithout } from './support/tools.ts';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const LOGIN = {
  auth: {
    identity: {
      methods: ['password'],
      password: { user: { name: 'alice', domain: { id: 'default' }, password: 'x' } },
    },
    scope: { project: { name: 'demo', domain: { id: 'default' } } },
  },
};

interface Answer {
  status: number;
  headers: Record<string, string>;
  json: unknown;
}

/** A fetch from the page, answered by its service worker. */
function call(
  page: Page,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return page.evaluate(
    async ({ path, init }): Promise<Answer> => {
      const response = await fetch(path, init);
      const text = await response.text();
      return {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        json: text === '' ? null : JSON.parse(text),
      };
    },
    { path, init },
  );
}

const jsonPost = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** The rules and scenario as the mock in the page reports them. */
function state(page: Page) {
  return page.evaluate(() => ({
    rules: (window.novaImagesMock?.errors.list() ?? []).map(
      ({ endpoint, status, times, hits, scenario }) => ({
        endpoint,
        status,
        times,
        hits,
        scenario,
      }),
    ),
  }));
}

async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.waitForFunction(() => window.novaImagesMock !== undefined);
}

describe.skipIf(skipWithout(`Chromium at ${CHROMIUM}`, hasChromium))(
  'browser persistence across reloads',
  () => {
    const mockPage = useMockPage();

    it('keeps rules, what is left of them, the scenario and tokens; a reset forgets the rules', async () => {
      const { page } = mockPage;
      const login = await call(page, '/identity/v3/auth/tokens', jsonPost(LOGIN));
      expect(login.status).toBe(201);
      const token = login.headers['x-subject-token'] ?? '';
      const auth = { headers: { 'x-auth-token': token } };

      // Three ways to change the rules: the control plane, the page's object, a rule firing.
      expect((await call(page, '/__mock/errors', jsonPost({ rule: 'images.show=404x2' }))).status).toBe(201);
      await page.evaluate(() => window.novaImagesMock?.errors.add('images.delete=403'));
      expect((await call(page, '/__mock/scenario', jsonPost({ name: 'read-only' }))).status).toBe(200);
      expect((await call(page, `/v2.1/images/${IMAGE}`, auth)).status).toBe(404);

      await reload(page);
      const kept = await state(page);
      expect(kept.rules.filter((rule) => rule.scenario === undefined)).toEqual([
        { endpoint: 'images.show', status: 404, times: 1, hits: 0, scenario: undefined },
        { endpoint: 'images.delete', status: 403, times: undefined, hits: 0, scenario: undefined },
      ]);
      expect(
        await page.evaluate(() =>
          window.novaImagesMock?.errors.list().some((rule) => rule.scenario === 'read-only'),
        ),
      ).toBe(true);
      expect((await call(page, '/__mock/scenario')).json).toMatchObject({ scenario: 'read-only' });
      // The token issued before the reload still works; the once-left rule fires once more, then not.
      expect((await call(page, `/v2.1/images/${IMAGE}`, auth)).status).toBe(404);
      expect((await call(page, `/v2.1/images/${IMAGE}`, auth)).status).toBe(200);

      expect((await call(page, '/__mock/reset', { method: 'POST' })).status).toBe(204);
      await reload(page);
      expect((await state(page)).rules).toEqual([]);
      expect((await call(page, '/__mock/scenario')).json).toMatchObject({ scenario: null });
      expect((await call(page, '/v2.1/images?limit=1', auth)).status).toBe(200);

      // A revoked token stays revoked after a reload.
      const revoke = { method: 'DELETE', headers: { 'x-auth-token': token, 'x-subject-token': token } };
      expect((await call(page, '/identity/v3/auth/tokens', revoke)).status).toBe(204);
      await reload(page);
      expect((await call(page, '/v2.1/images?limit=1', auth)).status).toBe(401);
    });
  },
);
