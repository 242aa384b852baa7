// The demo under slow answers, in Chromium: an older answer never overwrites a newer one, loading
// is shown and announced, Next cannot be pressed twice, messages belong to the page they are about.
// Races are forced: a delay rule that only the first request gets makes the old answer come last.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { skipWithout } from '../support/tools.ts';
import { CHROMIUM, hasChromium } from './browser.ts';
import { DemoPage, expected, ids, type Listed, PAGE_SIZE, useDemoEnv } from './demo-page.ts';

/** Long enough that the newer request, made right after, is answered well before. */
const HELD_MS = 1500;

describe.skipIf(skipWithout(`Chromium at ${CHROMIUM}`, hasChromium))(
  'the demo with slow answers',
  { timeout: 45_000 },
  () => {
    const env = useDemoEnv();
    let ui: DemoPage;
    beforeEach(async () => {
      ui = new DemoPage(env.browser, env.demo.url);
      await ui.open();
      await ui.logIn();
    });
    afterEach(() => ui.close());

    /** Waits until the held request was answered by the mock (and so reached the page, or was dropped). */
    async function heldAnswered(): Promise<void> {
      await expect
        .poll(async () => (await ui.journal('images.detail')).some((entry) => entry.delayMs === HELD_MS), {
          timeout: HELD_MS * 4,
        })
        .toBe(true);
      // The page has had every chance to (wrongly) show it.
      await ui.page.waitForTimeout(200);
    }

    it('Next while the page loads: shown as loading, pressed twice it still goes one page on', async () => {
      const page = ui.page;
      // slow's 1–3 s draw could be short; this page's answer is held 3 s.
      await ui.addRule({ endpoint: 'images.detail', delayMs: 3000, times: 1 });
      const requestsBefore = (await ui.journal('images.detail')).length;
      const next = page.locator('button[data-action=next]');
      await next.click();
      // While waiting: the results say so, the status region says what is pending, Next is inert.
      expect(await page.locator('section.results').getAttribute('aria-busy')).toBe('true');
      expect(await page.locator('section.results .loading').textContent()).toBe(
        'Loading page 2 of the images…',
      );
      expect(await page.locator('#status').textContent()).toBe('Loading page 2 of the images…');
      expect(await next.getAttribute('aria-disabled')).toBe('true');
      // A real click (Playwright would wait for an aria-disabled button to become enabled).
      await next.click({ force: true });
      await page.locator('section.results[aria-busy=false]').waitFor({ timeout: 8000 });
      expect(await page.locator('.page-number').textContent()).toBe('Page 2');
      expect(await ui.rowIds()).toEqual(ids(env.all.slice(PAGE_SIZE, 2 * PAGE_SIZE)));
      expect(await page.locator('#status').textContent()).toBe(`Page 2: ${PAGE_SIZE} images.`);
      // One request for page 2, none for a page 3.
      expect((await ui.journal('images.detail')).length).toBe(requestsBefore + 1);
      // The focus stayed on Next through the reload of the pager.
      expect(await ui.focused()).toBe('Next →');
    });

    it('Back while Next is still loading: page 1, its rows, labelled page 1', async () => {
      const page = ui.page;
      await ui.addRule({ endpoint: 'images.detail', delayMs: HELD_MS, times: 1 });
      await page.locator('button[data-action=next]').click();
      await page.goBack();
      await heldAnswered();
      expect(await page.locator('.page-number').textContent()).toBe('Page 1');
      expect(await ui.rowIds()).toEqual(ids(env.all.slice(0, PAGE_SIZE)));
      expect(await page.evaluate(() => location.hash)).toBe('#/images');
    });

    it('Previous answered before the Next it replaced: the older answer is dropped', async () => {
      const page = ui.page;
      await page.locator('button[data-action=next]').click();
      await expect.poll(() => page.locator('.page-number').textContent()).toBe('Page 2');
      await ui.addRule({ endpoint: 'images.detail', delayMs: HELD_MS, times: 1 });
      await page.locator('button[data-action=next]').click();
      await page.goBack();
      await heldAnswered();
      expect(await page.locator('.page-number').textContent()).toBe('Page 2');
      expect(await ui.rowIds()).toEqual(ids(env.all.slice(PAGE_SIZE, 2 * PAGE_SIZE)));
    });

    it('a filter changed back before its answer came: the list matches the filter shown', async () => {
      const page = ui.page;
      const saving = await expected('?status=saving');
      expect(saving.length).toBeGreaterThan(0);
      await ui.addRule({ endpoint: 'images.detail', delayMs: HELD_MS, times: 1 });
      const status = page.getByLabel('Status', { exact: true });
      await status.selectOption('saving');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForTimeout(100);
      await status.selectOption('');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await heldAnswered();
      expect(await status.inputValue()).toBe('');
      expect(await ui.rowIds()).toEqual(ids(env.all.slice(0, PAGE_SIZE)));
      expect(await ui.rowIds()).not.toEqual(ids(saving.slice(0, PAGE_SIZE)));
    });

    it('the image page says it is loading, and an image left before its answer is not shown', async () => {
      const page = ui.page;
      const [first, second] = env.all as [Listed, Listed];
      await ui.addRule({ endpoint: 'images.show', delayMs: HELD_MS, times: 1 });
      await page.locator(`tr[data-image-id="${first.id}"] a`).click();
      expect(await page.locator('#view h2').textContent()).toBe('Loading image…');
      expect(await page.locator('.detail').getAttribute('aria-busy')).toBe('true');
      expect(await page.locator('#status').textContent()).toBe(`Loading image ${first.id}…`);
      await page.getByRole('link', { name: '← All images' }).click();
      await ui.openImage(second.id);
      await expect
        .poll(async () => (await ui.journal('images.show')).some((entry) => entry.delayMs === HELD_MS), {
          timeout: HELD_MS * 4,
        })
        .toBe(true);
      await page.waitForTimeout(200);
      expect(await page.locator('#view h2').textContent()).toBe(second.name);
      expect(await page.locator('section.nova dl.fields code').first().textContent()).toBe(second.id);
    });

    it('a message is about its page: a 404 on image A is gone when B is opened', async () => {
      const page = ui.page;
      const [first, second] = env.all as [Listed, Listed];
      await ui.inject('images.show', '404');
      await page.locator(`tr[data-image-id="${first.id}"] a`).click();
      await expect.poll(() => ui.message().getAttribute('data-kind')).toBe('gone');
      await page.getByRole('link', { name: '← All images' }).click();
      await page.locator('table.images').waitFor();
      expect(await ui.message().count()).toBe(0);
      await ui.openImage(second.id);
      expect(await ui.message().count()).toBe(0);
      expect(await page.locator('#view h2').textContent()).toBe(second.name);
    });

    it('an info line can be dismissed, and goes with its page', async () => {
      const page = ui.page;
      await ui.scenario('read-only');
      await expect.poll(() => ui.message().textContent()).toContain('Scenario read-only is on.');
      await ui.message().getByRole('button', { name: 'Dismiss message' }).click();
      expect(await ui.message().count()).toBe(0);
      await ui.scenario('metadata-quota');
      await expect.poll(() => ui.message().textContent()).toContain('Scenario metadata-quota is on.');
      await page.locator('table.images tbody tr a').first().click();
      await page.locator('#view h2').waitFor();
      expect(await ui.message().count()).toBe(0);
    });
  },
);
