// axe-core over the demo in Chromium: no violation of any rule, of any impact, in the log-in form,
// the list, an image, a metadata edit (with a key-delete confirmation) and the error panel in use
// (a scenario on, rules listed, the request log filled), at desktop, tablet and phone sizes.
// Five axe runs a test: generous time on a loaded machine.
import { afterEach, describe, expect, it } from 'vitest';
import { skipWithout } from '../support/tools.ts';
import { CHROMIUM, hasChromium, screenshot } from './browser.ts';
import { DemoPage, type Listed, useDemoEnv } from './demo-page.ts';

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
  { width: 375, height: 812 },
];

describe.skipIf(skipWithout(`Chromium at ${CHROMIUM}`, hasChromium))(
  'the demo under axe-core',
  { timeout: 90_000 },
  () => {
    const env = useDemoEnv();
    let ui: DemoPage | undefined;
    afterEach(() => ui?.close());

    for (const size of SIZES) {
      it(`has no violations in any state at ${size.width}×${size.height}`, async () => {
        const session = new DemoPage(env.browser, env.demo.url);
        ui = session;
        const found: Record<string, unknown[]> = {};
        const check = async (state: string) => {
          found[state] = await session.axe();
          await screenshot(session.page, `axe-${size.width}-${state}`);
        };
        await session.open(size);
        await session.page.locator('form.login').waitFor();
        await check('login');

        await session.logIn();
        await check('list');

        const image = env.all.find((candidate) => Object.keys(candidate.metadata).length > 2) as Listed;
        await session.openImage(image.id);
        await check('detail');

        const [first, second] = Object.keys(image.metadata).sort() as [string, string];
        await session.page.getByRole('button', { name: `Edit ${first}` }).click();
        await session.page.getByRole('button', { name: `Delete ${second}` }).click();
        await check('metadata-edit');

        await session.scenario('slow');
        await session.inject('images.show', '404', 'always');
        await expect.poll(() => session.page.locator('#panel .log tbody tr').count()).toBeGreaterThan(2);
        await session.page.locator('#panel .log').scrollIntoViewIfNeeded();
        await check('panel');

        expect(found).toEqual({ login: [], list: [], detail: [], 'metadata-edit': [], panel: [] });
      });
    }
  },
);
