// Where the keyboard focus goes, where the user comes back to, and what the page says when a call
// fails (the headline table, by status and endpoint), in Chromium.
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headlineFor } from '../../demo/src/headlines.ts';
import { skipWithout } from '../support/tools.ts';
import { CHROMIUM, hasChromium } from './browser.ts';
import { DemoPage, deletable, expected, ids, type Listed, PAGE_SIZE, useDemoEnv } from './demo-page.ts';

describe.skipIf(skipWithout(`Chromium at ${CHROMIUM}`, hasChromium))(
  'the demo from the keyboard',
  { timeout: 45_000 },
  () => {
    const env = useDemoEnv();
    let ui: DemoPage;
    let page: Page;
    beforeEach(async () => {
      ui = new DemoPage(env.browser, env.demo.url);
      await ui.open();
      page = ui.page;
    });
    afterEach(() => ui.close());

    /** An image with at least three metadata keys, and its keys in the order shown. */
    function withKeys(): { image: Listed; keys: string[] } {
      const image = env.all
        .slice(0, PAGE_SIZE)
        .find((candidate) => Object.keys(candidate.metadata).length >= 3);
      if (!image) throw new Error('no image with three metadata keys on the first page');
      return { image, keys: Object.keys(image.metadata).sort() };
    }

    it('after log-in, back from an image, and after deleting one, the focus is where the user acts next', async () => {
      await ui.logIn();
      expect(await ui.focused()).toBe('Images');
      expect(await page.title()).toBe('Images — nova-images-mock demo');
      const image = env.all[3] as Listed;
      await ui.openImage(image.id);
      expect(await page.title()).toBe(`${image.name} — nova-images-mock demo`);
      await page.getByRole('link', { name: '← All images' }).click();
      await expect.poll(() => ui.focused()).toBe(image.name);
      // One Tab from the image's heading to its Delete button (it was 43).
      await ui.openImage(image.id);
      await page.keyboard.press('Tab');
      expect(await ui.focused()).toBe('Delete image…');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
      expect(await ui.focused()).toBe('Delete image…');
    });

    it('deleting an image puts the focus on the list, with the message carried over', async () => {
      await ui.logIn();
      const victim = deletable(env.all)[0] as Listed;
      await ui.openImage(victim.id);
      await page.getByRole('button', { name: 'Delete image…' }).click();
      await page.locator('dialog[open]').getByRole('button', { name: 'Delete image' }).click();
      await page.locator('table.images').waitFor();
      await expect.poll(() => ui.focused()).toBe('Images');
      expect(await ui.message().textContent()).toContain(`Deleted image ${victim.name}.`);
      expect(await ui.rowIds()).not.toContain(victim.id);
    });

    it('metadata: Save, Escape, Keep and Delete leave the focus on the table', async () => {
      await ui.logIn();
      const { image, keys } = withKeys();
      const [first, second, third] = keys as [string, string, string];
      await ui.openImage(image.id);
      await page.getByRole('button', { name: `Edit ${first}` }).click();
      await page.getByLabel(`New value of ${first}`).fill('edited');
      await page.getByLabel(`New value of ${first}`).press('Enter');
      await expect.poll(() => ui.focused()).toBe(`Edit ${first}`);
      expect(await page.locator(`tr[data-key="${first}"] td.value`).textContent()).toBe('edited');

      await page.keyboard.press('Enter');
      await page.getByLabel(`New value of ${first}`).press('Escape');
      expect(await ui.focused()).toBe(`Edit ${first}`);

      await page.getByRole('button', { name: `Delete ${second}` }).click();
      expect(await ui.focused()).toBe(`No, keep ${second}`);
      await page.keyboard.press('Enter');
      expect(await ui.focused()).toBe(`Edit ${second}`);

      await page.getByRole('button', { name: `Delete ${second}` }).click();
      await page.getByRole('button', { name: `Yes, delete ${second}` }).click();
      // The next key takes the deleted one's place under the focus.
      await expect.poll(() => ui.focused()).toBe(`Edit ${third}`);
      expect(await page.locator(`tr[data-key="${second}"]`).count()).toBe(0);
    });

    it('a double click on Save sends one request, under slow', async () => {
      await ui.logIn();
      const { image, keys } = withKeys();
      await ui.openImage(image.id);
      await ui.scenario('slow');
      const key = keys[0] as string;
      await page.getByRole('button', { name: `Edit ${key}` }).click();
      await page.getByLabel(`New value of ${key}`).fill('once');
      await page.getByRole('button', { name: 'Save' }).dblclick();
      await expect
        .poll(() => page.locator(`tr[data-key="${key}"] td.value`).textContent(), { timeout: 9000 })
        .toBe('once');
      expect((await ui.journal('metadata.set')).length).toBe(1);
    });

    it('logging in again after a 401 returns to the same filtered page, with the same user', async () => {
      await ui.logIn('carol');
      const snapshots = await expected('?type=snapshot');
      await page.getByLabel('Type').selectOption('snapshot');
      await page.getByLabel('Page size').selectOption('5');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.locator('button[data-action=next]').click();
      await expect.poll(() => page.locator('.page-number').textContent()).toBe('Page 2');
      const place = await page.evaluate(() => location.hash);
      expect(place).toMatch(/^#\/images\?type=snapshot&limit=5&pages=[0-9a-f-]{36}$/);
      // A reload comes back to the same page.
      await page.reload();
      await expect.poll(() => ui.rowIds()).toEqual(ids(snapshots.slice(5, 10)));
      expect(await page.getByLabel('Type').inputValue()).toBe('snapshot');

      await ui.inject('images.detail', '401');
      await page.locator('button[data-action=next]').click();
      await page.locator('form.login').waitFor();
      expect(await ui.message().textContent()).toContain(headlineFor(401, 'images.detail', '').text);
      expect(await page.getByLabel('User name').inputValue()).toBe('carol');
      await page.getByRole('button', { name: 'Log in' }).click();
      // Back where the 401 happened: page 3 of the snapshots, five at a time.
      await expect.poll(() => ui.rowIds()).toEqual(ids(snapshots.slice(10, 15)));
      expect(await page.locator('.page-number').textContent()).toBe('Page 3');
      expect(await page.getByLabel('Type').inputValue()).toBe('snapshot');
      expect(await page.locator('#who').textContent()).toContain('carol @ demo');
    });

    it('a 401 at log-in is a refused log-in, not an ended session', async () => {
      await ui.inject('identity.tokens', '401');
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect.poll(() => ui.message().getAttribute('data-kind')).toBe('login');
      const headline = headlineFor(401, 'identity.tokens', '');
      expect(headline.text).not.toBe(headlineFor(401, 'images.show', '').text);
      expect(await ui.message().locator('strong').textContent()).toBe(headline.text);
      expect(await ui.message().textContent()).not.toContain('session');
      await page.locator('form.login').waitFor();
    });

    it('a 413 on the list is rate limiting with Retry; on a metadata write it is the quota', async () => {
      await ui.logIn();
      await ui.inject('images.detail', '413');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await expect.poll(() => ui.message().getAttribute('data-status')).toBe('413');
      const limited = headlineFor(413, 'images.detail', 'This request was rate-limited.');
      expect(limited).toMatchObject({ problem: 'busy', retry: true });
      expect(await ui.message().locator('strong').textContent()).toBe(limited.text);
      expect(await ui.message().textContent()).toContain('This request was rate-limited.');
      await ui
        .message()
        .getByRole('button', { name: /^Retry/ })
        .click();
      await expect.poll(() => ui.rowIds()).toEqual(ids(env.all.slice(0, PAGE_SIZE)));

      const { image, keys } = withKeys();
      await ui.openImage(image.id);
      await ui.inject('metadata.set', '413');
      await page.getByRole('button', { name: `Edit ${keys[0]}` }).click();
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => ui.message().getAttribute('data-status')).toBe('413');
      const quota = headlineFor(413, 'metadata.set', '');
      expect(quota).toMatchObject({ problem: 'quota', retry: false });
      expect(await ui.message().locator('strong').textContent()).toBe(quota.text);
      expect(
        await ui
          .message()
          .getByRole('button', { name: /^Retry/ })
          .count(),
      ).toBe(0);
    });

    it('the latency label says what the slider and the scenario add', async () => {
      await ui.logIn();
      const output = page.locator('#panel output');
      const slider = page.getByLabel('Added delay on every request');
      await ui.scenario('slow');
      await expect
        .poll(() => page.locator('[data-role=scenario-latency]').textContent())
        .toBe('Scenario slow adds 1000–3000 ms.');
      expect([await output.textContent(), await slider.inputValue()]).toEqual(['0 ms', '0']);
      await ui.scenario('flaky');
      await expect
        .poll(() => page.locator('[data-role=scenario-latency]').textContent())
        .toBe('Scenario flaky adds 0–250 ms.');
      expect(await output.textContent()).toBe('0 ms');
    });
  },
);
