// The demo, built with `demo:build` and served as static files, driven in Debian's headless
// Chromium: log in, list, page, filter, detail, metadata, delete, and every error path through the
// error panel. Expectations come from the Node runtime over the same dataset.
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../mocks/handlers.ts';
import { SAMPLE_PROJECT } from '../support/mock.ts';
import { skipWithout } from '../support/tools.ts';
import { CHROMIUM, hasChromium, newPage, screenshot } from './browser.ts';
import { DemoPage, deletable, expected, type Listed, PAGE_SIZE, useDemoEnv } from './demo-page.ts';

const MISSING_CHROMIUM = skipWithout(`Chromium at ${CHROMIUM}`, hasChromium);

describe.skipIf(MISSING_CHROMIUM)('the demo in Chromium', () => {
  const env = useDemoEnv();
  let ui: DemoPage;
  let page: Page;

  afterEach(() => ui?.close());

  /** A fresh browser profile on the demo, the mock started. */
  async function open(viewport?: { width: number; height: number }, query = ''): Promise<void> {
    ui = new DemoPage(env.browser, env.demo.url);
    await ui.open(viewport, query);
    page = ui.page;
  }

  const logIn = () => ui.logIn();
  const rowIds = () => ui.rowIds();
  const message = () => ui.message();
  const inject = (endpoint: string, status: string, mode?: 'once' | 'always') =>
    ui.inject(endpoint, status, mode);
  const openImage = (id: string) => ui.openImage(id);

  it('logs in with Keystone, keeps the token in the session and lists the first page', async () => {
    await open();
    await screenshot(page, '01-login');
    await logIn();
    const session = JSON.parse(
      (await page.evaluate(() => sessionStorage.getItem('nova-demo-session'))) ?? '{}',
    );
    expect(session.token).toMatch(/^gAAAAA/);
    expect(session.computeUrl).toBe(`${new URL(env.demo.url).origin}/v2.1/${SAMPLE_PROJECT}`);
    expect(await rowIds()).toEqual(env.all.slice(0, PAGE_SIZE).map((image) => image.id));
    await expect.poll(() => page.locator('#panel .log tbody tr').count()).toBeGreaterThan(1);
    await screenshot(page, '02-list');
    // The page's own fetch is answered by the worker too: keystonemiddleware's 401 without a token.
    const fromConsole = await page.evaluate(async (token) => {
      const bare = await fetch('/v2.1/images?limit=1');
      const authed = await fetch('/v2.1/images?limit=1', { headers: { 'x-auth-token': token } });
      return { bare: [bare.status, bare.headers.get('www-authenticate')], authed: await authed.json() };
    }, session.token);
    expect(fromConsole.bare).toEqual([401, `Keystone uri="${new URL(env.demo.url).origin}/identity"`]);
    expect(fromConsole.authed.images[0].id).toBe(env.all[0]?.id);
  });

  it('pages to the last image with next links and back with the previous stack', async () => {
    await open();
    await logIn();
    await page.getByLabel('Page size').selectOption('50');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(rowIds).toEqual(env.all.slice(0, 50).map((image) => image.id));
    const pages = Math.ceil(env.all.length / 50);
    for (let number = 2; number <= pages; number++) {
      await page.locator('button[data-action=next]').click();
      await expect.poll(() => page.locator('.page-number').textContent()).toBe(`Page ${number}`);
    }
    // "Page N" shows while the page loads: wait for its rows.
    await expect.poll(rowIds).toEqual(env.all.slice((pages - 1) * 50).map((image) => image.id));
    expect(await rowIds()).toContain(env.all.at(-1)?.id);
    await page.locator('button[data-action=previous]').click();
    await expect
      .poll(rowIds)
      .toEqual(env.all.slice((pages - 2) * 50, (pages - 1) * 50).map((image) => image.id));
  });

  it('narrows the list with filters', async () => {
    await open();
    await logIn();
    const snapshots = await expected('?type=snapshot&status=active');
    await page.getByLabel('Type').selectOption('snapshot');
    await page.getByLabel('Status', { exact: true }).selectOption('active');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(rowIds).toEqual(snapshots.slice(0, PAGE_SIZE).map((image) => image.id));
    const name = snapshots[0]?.name ?? '';
    await page.getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const named = await expected(`?type=snapshot&status=active&name=${encodeURIComponent(name)}`);
    await expect.poll(rowIds).toEqual(named.map((image) => image.id));
    expect(named.length).toBeLessThan(snapshots.length);
    await screenshot(page, '03-filtered');
  });

  it('shows every field of an image and round-trips metadata add, edit, delete and replace-all', async () => {
    await open();
    await logIn();
    const image = env.all.find(
      (candidate) => candidate.metadata.instance_uuid && candidate.metadata.auto_disk_config,
    );
    if (!image) throw new Error('the demo dataset has no snapshot with auto_disk_config');
    await page.getByLabel('Server').fill(image.metadata.instance_uuid ?? '');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await openImage(image.id);
    const fields = page.locator('section.nova dl.fields');
    await expect.poll(() => fields.textContent()).toContain(image.id);
    expect(await fields.textContent()).toContain('OS-DCF:diskConfig');
    expect(await page.locator('.server-id').textContent()).toBe(image.metadata.instance_uuid);
    // Nova's link to the server is shown, not followed: servers are not part of the mock.
    expect(await page.locator('.server-link code').textContent()).toMatch(/\/v2\.1\/[0-9a-f]+\/servers\//);
    expect(await page.locator('.server-link a').count()).toBe(0);
    // Glance's view of the same image beside Nova's: Glance's names and lowercase status.
    const glance = page.locator('section.glance dl');
    await glance.waitFor();
    const glanceField = (name: string) =>
      glance.locator('dt', { hasText: new RegExp(`^${name}$`) }).locator('xpath=following-sibling::dd[1]');
    expect(await glanceField('id').textContent()).toBe(image.id);
    expect(await glanceField('status').textContent()).toBe(
      image.status === 'ACTIVE' ? 'active' : image.status,
    );
    expect(await glanceField('instance_uuid').textContent()).toBe(image.metadata.instance_uuid);
    await screenshot(page, '04-detail');

    const metadata = () =>
      page.evaluate(async (id) => {
        const session = JSON.parse(sessionStorage.getItem('nova-demo-session') ?? '{}');
        const response = await fetch(`${session.computeUrl}/images/${id}/metadata`, {
          headers: { 'x-auth-token': session.token },
        });
        return ((await response.json()) as { metadata: Record<string, string> }).metadata;
      }, image.id);

    // Add
    await page.getByLabel('Key', { exact: true }).fill('demo_key');
    await page.getByLabel('Value', { exact: true }).fill('one');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.locator('tr[data-key=demo_key]').waitFor();
    expect((await metadata()).demo_key).toBe('one');
    // Edit
    await page.getByRole('button', { name: 'Edit demo_key' }).click();
    await page.getByLabel('New value of demo_key').fill('two');
    await page.getByLabel('New value of demo_key').press('Enter');
    await expect.poll(() => page.locator('tr[data-key=demo_key] td.value').textContent()).toBe('two');
    expect((await metadata()).demo_key).toBe('two');
    // Delete, after a confirmation
    await page.getByRole('button', { name: 'Delete demo_key' }).click();
    await page.getByRole('button', { name: 'No, keep demo_key' }).click();
    expect((await metadata()).demo_key).toBe('two');
    await page.getByRole('button', { name: 'Delete demo_key' }).click();
    await page.getByRole('button', { name: 'Yes, delete demo_key' }).click();
    await expect.poll(() => page.locator('tr[data-key=demo_key]').count()).toBe(0);
    expect((await metadata()).demo_key).toBeUndefined();
    // Replace all
    await page.getByText('Replace all (JSON)').click();
    await page.getByLabel('All metadata, as a JSON object').fill('{"only": "this", "and": "that"}');
    await page.getByRole('button', { name: 'Replace all', exact: true }).click();
    await expect.poll(() => page.locator('table.metadata-table tbody tr').count()).toBe(2);
    expect(await metadata()).toEqual({ only: 'this', and: 'that' });
    await screenshot(page, '05-metadata');
  });

  it('deletes an image after confirmation', async () => {
    await open();
    await logIn();
    const victim = deletable(env.all)[1] as Listed;
    await openImage(victim.id);
    await page.getByRole('button', { name: 'Delete image…' }).click();
    await page.locator('dialog[open]').waitFor();
    await screenshot(page, '06-confirm-delete');
    await page.locator('dialog[open]').getByRole('button', { name: 'Delete image' }).click();
    await page.locator('table.images').waitFor();
    await expect.poll(rowIds).toEqual(
      env.all
        .filter((image) => image.id !== victim.id)
        .slice(0, PAGE_SIZE)
        .map((image) => image.id),
    );
    expect(await message().getAttribute('data-kind')).toBe('info');
  });

  it('403 on delete: "not allowed", and the image is kept', async () => {
    await open();
    await logIn();
    const target = deletable(env.all)[0] as Listed;
    await inject('images.delete', '403');
    await openImage(target.id);
    await page.getByRole('button', { name: 'Delete image…' }).click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Delete image' }).click();
    await expect.poll(() => message().getAttribute('data-kind')).toBe('forbidden');
    expect(await message().textContent()).toContain('not allowed');
    expect(await message().textContent()).toContain('You are not allowed to delete the image.');
    await screenshot(page, '07-error-403-delete');
    await page.getByRole('link', { name: '← All images' }).click();
    await expect.poll(rowIds).toContain(target.id);
  });

  it('401 sends the user back to the login form', async () => {
    await open();
    await logIn();
    await inject('images.show', '401');
    await page.locator(`tr[data-image-id="${env.all[2]?.id}"] a`).click();
    await page.locator('form.login').waitFor();
    expect(await message().getAttribute('data-kind')).toBe('auth');
    expect(await message().textContent()).toContain('The request you have made requires authentication.');
    expect(await page.evaluate(() => sessionStorage.getItem('nova-demo-session'))).toBeNull();
    await screenshot(page, '08-error-401-login');
    // Logged in again, the user is back on the image.
    await ui.logIn('alice', '.detail[aria-busy=false]');
    expect(await page.locator('section.nova dl.fields code').first().textContent()).toBe(env.all[2]?.id);
  });

  it('404 on show: "gone"', async () => {
    await open();
    await logIn();
    await inject('images.show', '404');
    await page.locator(`tr[data-image-id="${env.all[3]?.id}"] a`).click();
    await expect.poll(() => message().getAttribute('data-kind')).toBe('gone');
    expect(await message().textContent()).toContain('Image not found.');
    await screenshot(page, '09-error-404-gone');
  });

  it('413 on metadata set: "too many metadata items"', async () => {
    await open();
    await logIn();
    const image = env.all[0] as Listed;
    await openImage(image.id);
    const key = Object.keys(image.metadata).sort()[0] ?? '';
    await inject('metadata.set', '413');
    await page.getByRole('button', { name: `Edit ${key}` }).click();
    await page.getByLabel(`New value of ${key}`).fill('changed');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => message().getAttribute('data-kind')).toBe('quota');
    expect(await message().textContent()).toContain('Too many metadata items on this image.');
    expect(await message().getAttribute('data-status')).toBe('413');
    await screenshot(page, '10-error-413-metadata');
  });

  it('network failure: retry works once the rule is removed', async () => {
    await open();
    await logIn();
    await inject('images.detail', 'network', 'always');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => message().getAttribute('data-kind')).toBe('network');
    await page.locator('#messages button.retry').click();
    await expect.poll(() => message().getAttribute('data-kind')).toBe('network');
    await screenshot(page, '11-error-network');
    await page.locator('#panel .rules button').first().click();
    await expect.poll(() => page.locator('#panel .rules li[data-rule-id]').count()).toBe(0);
    await page.locator('#messages button.retry').click();
    await expect.poll(rowIds).toEqual(env.all.slice(0, PAGE_SIZE).map((image) => image.id));
    expect(await message().count()).toBe(0);
  });

  it('keeps the scenario chosen in the panel across a reload, until reset', async () => {
    await open();
    await logIn();
    await page.locator('#panel select[name=scenario]').selectOption('read-only');
    await page.locator('#panel button[data-action=apply-scenario]').click();
    await expect.poll(() => page.locator('#panel .rules li[data-rule-id]').count()).toBeGreaterThan(0);
    await page.reload();
    await page.locator('table.images tbody tr').first().waitFor();
    await expect.poll(() => page.locator('#panel select[name=scenario]').inputValue()).toBe('read-only');
    const scenario = await page.evaluate(
      async () => (await (await fetch('/__mock/scenario')).json()).scenario,
    );
    expect(scenario).toBe('read-only');
    // The scenario is in force: deleting is refused.
    await openImage(env.all[0]?.id ?? '');
    await page.getByRole('button', { name: 'Delete image…' }).click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Delete image' }).click();
    await expect.poll(() => message().getAttribute('data-kind')).toBe('forbidden');
    await screenshot(page, '12-scenario-read-only');
    // Reset clears it, and a reload keeps it cleared.
    await page.locator('#panel button[data-action=reset]').click();
    await expect.poll(() => page.locator('#panel .rules li[data-rule-id]').count()).toBe(0);
    await page.reload();
    // Still logged in (the token survives the reload), still on the image.
    await page.locator('.detail[aria-busy=false]').waitFor();
    expect(
      await page.evaluate(async () => (await (await fetch('/__mock/scenario')).json()).scenario),
    ).toBeNull();
    expect(await page.locator('#panel select[name=scenario]').inputValue()).toBe('');
  });

  it('is driven from the console: window.novaImagesMock rules persist across a reload until reset', async () => {
    await open();
    await logIn();
    const id = env.all[0]?.id ?? '';
    const added = await page.evaluate(
      (imageId) =>
        window.novaImagesMock?.errors.add({ status: 404, endpoint: 'images.show', imageId, times: 2 }),
      id,
    );
    expect(added?.id).toMatch(/^rule-/);
    await openImage(env.all[1]?.id ?? '');
    await page.getByRole('link', { name: '← All images' }).click();
    await page.locator(`tr[data-image-id="${id}"] a`).click();
    await expect.poll(() => message().getAttribute('data-kind')).toBe('gone');
    // The data does not persist (the README says so): an image deleted now is back after the reload.
    const victim = deletable(env.all).find((image) => image.id !== id)?.id ?? '';
    const status = (method: string) =>
      page.evaluate(
        async ([imageId, verb]) => {
          const session = JSON.parse(sessionStorage.getItem('nova-demo-session') ?? '{}');
          const response = await fetch(`${session.computeUrl}/images/${imageId}`, {
            method: verb,
            headers: { 'x-auth-token': session.token },
          });
          return response.status;
        },
        [victim, method] as const,
      );
    expect(await status('DELETE')).toBe(204);
    await page.reload();
    await page.waitForFunction(() => window.novaImagesMock !== undefined);
    expect(await status('GET')).toBe(200);
    // One of the two times is used: what is left survives the reload.
    const rules = await page.evaluate(() => window.novaImagesMock?.errors.list());
    expect(rules).toEqual([
      expect.objectContaining({ status: 404, endpoint: 'images.show', imageId: id, times: 1 }),
    ]);
    await page.evaluate(() => window.novaImagesMock?.reset());
    await page.reload();
    await page.waitForFunction(() => window.novaImagesMock !== undefined);
    expect(await page.evaluate(() => window.novaImagesMock?.errors.list())).toEqual([]);
  });

  it('works from the keyboard; the latency slider adds a delay rule', async () => {
    await open();
    await page.locator('form.login').waitFor();
    await page.getByLabel('Password').focus();
    await page.keyboard.press('Enter');
    await page.locator('table.images tbody tr').first().waitFor();
    await page.locator(`tr[data-image-id="${env.all[0]?.id}"] a`).focus();
    await page.keyboard.press('Enter');
    await page.locator('.detail[aria-busy=false]').waitFor();
    await page.getByRole('button', { name: 'Delete image…' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('dialog[open]').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);

    const slider = page.getByLabel('Added delay on every request');
    await slider.focus();
    for (let step = 0; step < 3; step++) await page.keyboard.press('ArrowRight');
    await expect
      .poll(async () => page.evaluate(() => window.novaImagesMock?.errors.list().map((rule) => rule.delayMs)))
      .toEqual([300]);
    expect(await page.locator('#panel output').textContent()).toBe('300 ms');
    await page.getByRole('link', { name: '← All images' }).press('Enter');
    await page.locator('table.images tbody tr').first().waitFor();
    const journal = await page.evaluate(() => window.novaImagesMock?.requests() ?? []);
    expect(journal.at(-1)).toMatchObject({ endpoint: 'images.detail', status: 200, delayMs: 300 });
  });

  it('loads a dataset from a URL before the worker starts', async () => {
    await open(undefined, `?dataset=${encodeURIComponent('/fixtures/datasets/api-samples.json')}`);
    await logIn();
    const app = createApp({ dataset: 'api-samples' });
    const response = await app.fetch(new Request('http://127.0.0.1/v2.1/images/detail?limit=10'));
    const samples = ((await response.json()) as { images: Listed[] }).images;
    expect(await rowIds()).toEqual(samples.map((image) => image.id));
  });

  it('says why the mock could not start when the dataset URL is not a dataset file', async () => {
    ({ page } = await newPage(env.browser));
    // The static server answers this path with the demo's own page (200 text/html), as a dev
    // server answers a missing file.
    await page.goto(`${env.demo.url}?dataset=${encodeURIComponent('index.html')}`);
    await page.locator('#view h2', { hasText: 'The mock could not start' }).waitFor();
    expect(await page.locator('#messages .message').textContent()).toContain(
      'index.html: not a dataset file (the server sent text/html; charset=utf-8)',
    );
    expect(await page.locator('#view').textContent()).not.toContain('Starting the mock');
    await page.context().close();
  });

  it('builds one copy of each dataset, as a module, and none as a file', () => {
    const datasets = (env.demo.assets ?? []).filter((name) =>
      /^(api-samples|api-samples-foreign|unit-fixtures|demo)-/.test(name),
    );
    expect(datasets.filter((name) => name.endsWith('.json'))).toEqual([]);
    expect(datasets.filter((name) => name.startsWith('demo-')).length).toBe(1);
  });

  it('works at phone width (375 px) without horizontal scrolling', async () => {
    await open({ width: 375, height: 812 });
    await logIn();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, '13-phone-list');
    await openImage(env.all[0]?.id ?? '');
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await screenshot(page, '14-phone-detail');
  });
});
