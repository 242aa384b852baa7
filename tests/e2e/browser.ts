/**
 * End-to-end support: the demo served by Vite (in-process, 127.0.0.1, a free port) and Debian's
 * Chromium driven by playwright-core. Never downloads a browser; the page may only reach 127.0.0.1.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build, createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll } from 'vitest';

const DEMO_CONFIG = fileURLToPath(new URL('../../demo/vite.config.ts', import.meta.url));

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

export interface DemoServer {
  url: string;
  close: () => Promise<void>;
  /** The built files below `assets/` (only for a build). */
  assets?: string[];
}

/** The demo on Vite's dev server. */
export async function startDemo(): Promise<DemoServer> {
  const server: ViteDevServer = await createServer({
    configFile: DEMO_CONFIG,
    server: { port: 0, strictPort: false, host: '127.0.0.1', hmr: false },
    logLevel: 'error',
    clearScreen: false,
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('Vite did not listen on a port');
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A fresh context (own storage, own service worker) whose requests may only go to 127.0.0.1. */
export async function newPage(
  browser: Browser,
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; page: Page; external: string[] }> {
  const context = await browser.newContext({ viewport, serviceWorkers: 'allow' });
  const external: string[] = [];
  await context.route(/^(?!https?:\/\/127\.0\.0\.1[:/]).*/, (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    external.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page, external };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * `npm run demo:build` into a folder of its own, served by a plain static server below `prefix`
 * (a sub-path, to show the built files work from anywhere); `/fixtures/datasets/<name>.json`
 * serves the dataset files.
 */
export async function buildAndServeDemo(prefix = '/static/demo/'): Promise<DemoServer> {
  const outDir = fileURLToPath(new URL(`../../test-output/demo-build-${process.pid}/`, import.meta.url));
  await build({ configFile: DEMO_CONFIG, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const server = createHttpServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const dataset = /^\/fixtures\/datasets\/([\w-]+\.json)$/.exec(path)?.[1];
    if (dataset) {
      // Bundled datasets as plain files too, for `?dataset=<URL>`.
      const body = await readFile(
        fileURLToPath(new URL(`../../fixtures/datasets/${dataset}`, import.meta.url)),
      );
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
      return;
    }
    if (!path.startsWith(prefix)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const relative = normalize(path.slice(prefix.length) || 'index.html').replace(/^(\.\.[/\\])+/, '');
    try {
      const body = await readFile(join(outDir, relative.endsWith('/') ? `${relative}index.html` : relative));
      response
        .writeHead(200, { 'content-type': TYPES[extname(relative)] ?? 'application/octet-stream' })
        .end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    assets: await readdir(join(outDir, 'assets')),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

/**
 * For one describe block: the demo served (`startDemo`) and Chromium on its login form, which makes
 * no API call, with the api-samples data and the browser mock started; closed after the block.
 */
export function useMockPage(): { readonly page: Page; readonly origin: string } {
  let demo: DemoServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemo(), launchChromium()]);
    ({ page } = await newPage(browser));
    await page.goto(`${demo.url}?dataset=api-samples#/login`);
    await page.waitForFunction(() => window.novaImagesMock !== undefined);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });
  const started = () => {
    if (demo === undefined || page === undefined) throw new Error('the mock page has not started');
    return { demo, page };
  };
  return {
    get page() {
      return started().page;
    },
    get origin() {
      return new URL(started().demo.url).origin;
    },
  };
}
