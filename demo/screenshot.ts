/**
 * Regenerates docs/demo.png (1280x800) from the built demo in Debian's Chromium:
 * `npx tsx demo/screenshot.ts`.
 */
import { fileURLToPath } from 'node:url';
import { buildAndServeDemo, launchChromium, newPage } from '../tests/e2e/browser.ts';

const output = fileURLToPath(new URL('../docs/demo.png', import.meta.url));
const demo = await buildAndServeDemo();
const browser = await launchChromium();
try {
  const { page } = await newPage(browser, { width: 1280, height: 800 });
  await page.goto(demo.url);
  await page.waitForFunction(() => window.novaImagesMock !== undefined);
  await page.getByLabel('User name').fill('alice');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('table.images tbody tr').first().waitFor();
  await page.getByLabel('Type').selectOption('snapshot');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.locator('button[data-action=next]:not([disabled])').click();
  await page.locator('.page-number', { hasText: 'Page 2' }).waitFor();
  // An image of page 2, Nova's view beside Glance's; the read-only scenario refuses a metadata edit.
  await page.locator('#panel select[name=scenario]').selectOption('read-only');
  await page.locator('#panel button[data-action=apply-scenario]').click();
  await page.locator('#panel .rules li[data-rule-id]').first().waitFor();
  await page.locator('table.images tbody tr a').nth(2).click();
  await page.locator('.detail[aria-busy=false]').waitFor();
  await page.locator('section.glance dl').waitFor();
  await page.locator('.metadata-table button.edit').first().click();
  await page.locator('form.inline input').fill('a new value');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#messages .message.error').waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(1500); // the request log polls once a second
  await page.mouse.move(0, 0);
  await page.screenshot({ path: output });
  console.log(`wrote ${output}`);
} finally {
  await browser.close();
  await demo.close();
}
