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
  // Two rules from the panel: deletes are refused, the next image shown is gone.
  await page.locator('#panel select[name=endpoint]').selectOption('images.delete');
  await page.locator('#panel input[name=inject-mode][value=always]').check();
  await page.locator('#panel button[data-status="403"]').click();
  await page.locator('#panel select[name=endpoint]').selectOption('images.show');
  await page.locator('#panel input[name=inject-mode][value=once]').check();
  await page.locator('#panel button[data-status="404"]').click();
  await page.locator('#panel .rules li[data-rule-id]').nth(1).waitFor();
  await page.locator('table.images tbody tr a').nth(2).click();
  await page.locator('#messages .message').waitFor();
  await page.getByRole('button', { name: '← All images' }).click();
  await page.locator('table.images tbody tr').first().waitFor();
  await page.waitForTimeout(1500); // the request log polls once a second
  await page.mouse.move(0, 0);
  await page.screenshot({ path: output });
  console.log(`wrote ${output}`);
} finally {
  await browser.close();
  await demo.close();
}
