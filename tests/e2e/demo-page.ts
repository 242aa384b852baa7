/**
 * Driving the demo in Chromium as a user does, shared by the e2e tests: a fresh profile per test,
 * log-in, the error panel, the rows shown, axe-core over the page. Expectations come from the
 * Node runtime over the same dataset.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { loadDatasetSync } from '../../mocks/dataset-sync.ts';
import { createApp } from '../../mocks/handlers.ts';
import { DEFAULT_PROJECT_ID } from '../../mocks/options.ts';
import { buildAndServeDemo, type DemoServer, launchChromium, newPage } from './browser.ts';

export interface Listed {
  id: string;
  name: string | null;
  status: string;
  metadata: Record<string, string | null>;
}

export const PAGE_SIZE = 10;

/** What Nova lists for the demo project, by the Node runtime over the demo dataset. */
export async function expected(query = ''): Promise<Listed[]> {
  const app = createApp({ dataset: 'demo' });
  const response = await app.fetch(new Request(`http://127.0.0.1/v2.1/images/detail${query}`));
  return ((await response.json()) as { images: Listed[] }).images;
}

export /** Images of the first page that the demo project may delete (its own, not protected). */
function deletable(listed: Listed[]): Listed[] {
  const records = new Map(loadDatasetSync('demo').map((record) => [record.id, record]));
  return listed.slice(0, PAGE_SIZE).filter((image) => {
    const record = records.get(image.id);
    return record?.owner === DEFAULT_PROJECT_ID && !record.protected;
  });
}

export interface DemoEnv {
  demo: DemoServer;
  browser: Browser;
  /** Every image the demo project lists, in Nova's order. */
  all: Listed[];
}

/** For one test file: the demo built and served, Chromium launched; both closed after the file. */
export function useDemoEnv(): DemoEnv {
  const env = {} as DemoEnv;
  beforeAll(async () => {
    [env.demo, env.browser, env.all] = await Promise.all([buildAndServeDemo(), launchChromium(), expected()]);
  }, 90_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.demo?.close();
  });
  return env;
}

export const ids = (images: Listed[]) => images.map((image) => image.id);

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  targets: string[];
}

export class DemoPage {
  context!: BrowserContext;
  page!: Page;
  external: string[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly url: string,
  ) {}

  /** A fresh browser profile on the demo (`suffix`: a query and/or hash), the mock started. */
  async open(viewport?: { width: number; height: number }, suffix = ''): Promise<void> {
    ({
      context: this.context,
      page: this.page,
      external: this.external,
    } = await newPage(this.browser, viewport));
    await this.page.goto(`${this.url}${suffix}`);
    await this.page.waitForFunction(() => window.novaImagesMock !== undefined);
  }

  async close(): Promise<void> {
    expect(this.external, 'requests that left 127.0.0.1').toEqual([]);
    await this.context?.close();
  }

  /** Logs in on the form shown; `waitFor`: what must appear afterwards (default: the list's rows). */
  async logIn(user = 'alice', waitFor = 'table.images tbody tr'): Promise<void> {
    await this.page.locator('form.login').waitFor();
    await this.page.getByLabel('User name').fill(user);
    await this.page.getByLabel('Password').fill('wonderland');
    await this.page.getByRole('button', { name: 'Log in' }).click();
    await this.page.locator(waitFor).first().waitFor();
  }

  rowIds(): Promise<(string | null)[]> {
    return this.page
      .locator('table.images tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-image-id')));
  }

  message() {
    return this.page.locator('#messages .message');
  }

  /** Turns on one status toggle of the error panel. */
  async inject(endpoint: string, status: string, mode: 'once' | 'always' = 'once'): Promise<void> {
    await this.page.locator('#panel select[name=endpoint]').selectOption(endpoint);
    await this.page.locator(`#panel input[name=inject-mode][value=${mode}]`).check();
    const toggle = this.page.locator(`#panel button[data-status="${status}"]`);
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
  }

  /** A rule through the page's console object (e.g. a delay that only the next request gets). */
  async addRule(rule: Record<string, unknown>): Promise<void> {
    await this.page.evaluate((added) => window.novaImagesMock?.errors.add(added as never), rule);
  }

  async scenario(name: string): Promise<void> {
    await this.page.locator('#panel select[name=scenario]').selectOption(name);
    await this.page.locator('#panel button[data-action=apply-scenario]').click();
    await expect.poll(() => this.page.locator('#panel .rules li[data-rule-id]').count()).toBeGreaterThan(0);
  }

  async openImage(id: string): Promise<void> {
    await this.page.locator(`tr[data-image-id="${id}"] a`).click();
    await this.page.locator('.detail[aria-busy=false]').waitFor();
  }

  /** The journal entries of one endpoint, as the mock recorded them. */
  journal(endpoint: string) {
    return this.page.evaluate(
      (name) => (window.novaImagesMock?.requests() ?? []).filter((entry) => entry.endpoint === name),
      endpoint,
    );
  }

  /** What has the keyboard focus: its text, or its accessible label. */
  focused(): Promise<string> {
    return this.page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      return element?.getAttribute('aria-label') ?? element?.textContent?.trim() ?? '';
    });
  }

  /** axe-core over the whole page, every rule, every impact. */
  async axe(): Promise<AxeViolation[]> {
    await this.page.addScriptTag({ content: AXE_SOURCE });
    return this.page.evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } }
      ).axe;
      const results = (await axe.run(document, { resultTypes: ['violations'] })) as {
        violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
      };
      return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        targets: violation.nodes.map((node) => node.target.join(' ')),
      }));
    });
  }
}
