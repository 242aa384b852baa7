// A fresh Vite app (create-vite's vanilla-ts template) following the README's "Use it in your
// frontend" steps as written: step 1's commands (with the tarball for the package name), step 2
// as src/main.ts (its "render your app here" placeholder starts src/app.ts), step 3 as the start
// of src/app.ts (plus a list and a delete button), step 4 in src/console.ts for the type check
// and its first line typed into the page. The template's `npm run build` (tsc, then vite build)
// must pass and leave the mock out; in Vite's dev server and in a build that keeps the mock,
// Chromium lists the images and shows the injected 403 on delete.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage } from '../e2e/browser.ts';
import { codeBlocks, freshProject, npm, readmeSection, run, start, tarball, write } from './support.ts';

const FRONTEND = readmeSection('## Use it in your frontend');
const [STEP1 = ''] = codeBlocks('sh', FRONTEND);
const [STEP2 = '', STEP3 = '', STEP4 = ''] = codeBlocks('ts', FRONTEND);
const PLACEHOLDER = '// render your app here';

const APP_TAIL = `
const list = document.createElement('ul');
list.id = 'images';
for (const image of images) list.append(Object.assign(document.createElement('li'), { textContent: image.name }));
const next = Object.assign(document.createElement('a'), {
  id: 'next',
  href: images_links?.find((link) => link.rel === 'next')?.href ?? '',
});
const result = Object.assign(document.createElement('p'), { id: 'result' });
const remove = Object.assign(document.createElement('button'), { id: 'delete', textContent: 'Delete' });
remove.addEventListener('click', async () => {
  const reply = await fetch(\`\${compute}/images/\${images[0]?.id}\`, { method: 'DELETE', headers: { 'x-auth-token': token } });
  result.textContent = \`\${reply.status} \${await reply.text()}\`;
});
document.querySelector('#app')?.replaceChildren(list, next, remove, result);
`;

let parent: string;
let app: string;
let browser: Browser;

beforeAll(async () => {
  parent = freshProject('vite-parent');
  npm(['create', '--yes', 'vite@9', 'app', '--', '--template', 'vanilla-ts', '--no-interactive'], parent);
  app = join(parent, 'app');
  npm(['install'], app);
  for (const line of STEP1.split('\n').filter((text) => text.trim() !== '')) {
    const [command = '', ...args] = line.split('#')[0]?.trim().split(/\s+/) ?? [];
    const resolved = args.map((arg) => (arg === 'nova-images-mock' ? tarball() : arg));
    run(command, command === 'npm' ? [...resolved, '--no-audit', '--no-fund'] : resolved, app);
  }
  if (!STEP2.includes(PLACEHOLDER)) throw new Error(`README step 2 lost its "${PLACEHOLDER}" line`);
  write(app, 'src/main.ts', STEP2.replace(PLACEHOLDER, "void import('./app.ts');"));
  write(app, 'src/app.ts', STEP3 + APP_TAIL);
  write(app, 'src/console.ts', STEP4);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(parent, { recursive: true, force: true });
});

/** Opens the app, checks the first page of images, injects step 4's 403 and deletes. */
async function useTheApp(url: string): Promise<void> {
  const { page, external } = await newPage(browser);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.locator('#images li').nth(9).waitFor({ timeout: 30_000 });
  expect(await page.locator('#images li').count()).toBe(10);
  expect(await page.locator('#next').getAttribute('href')).toMatch(/\/images\/detail\?limit=10&marker=/);
  const inject = STEP4.split('\n')[0] ?? '';
  expect(inject).toContain("errors.add('images.delete=403')");
  await page.evaluate(inject);
  await page.locator('#delete').click();
  await expect
    .poll(() => page.locator('#result').textContent())
    .toBe('403 {"forbidden":{"code":403,"message":"You are not allowed to delete the image."}}');
  expect(errors).toEqual([]);
  expect(external).toEqual([]);
  await page.context().close();
}

describe('a Vite app following the README frontend steps', () => {
  it('builds for production with the template script (strict tsc, then vite build), without the mock', () => {
    run('npm', ['run', 'build'], app);
    const assets = join(app, 'dist/assets');
    const code = readdirSync(assets)
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(assets, file), 'utf8'))
      .join('\n');
    expect(code.length).toBeGreaterThan(0);
    expect(code).not.toContain('itemNotFound');
    expect(code).not.toContain('fakeimage');
  });

  it('lists images and shows an injected 403 on delete, in the Vite dev server', async () => {
    const dev = await start(
      'npx',
      ['vite', '--host', '127.0.0.1', '--port', '0'],
      app,
      /Local:\s+(http:\/\/127\.0\.0\.1:\d+\/)/,
    );
    try {
      await useTheApp(dev.url);
    } finally {
      await dev.stop();
    }
  });

  it('lists images and shows an injected 403 on delete, in a build that keeps the mock', async () => {
    run('npx', ['vite', 'build', '--mode', 'development', '--outDir', 'dist-dev'], app, {
      NODE_ENV: 'development',
    });
    const server = await serveStatic(join(app, 'dist-dev'));
    try {
      await useTheApp(server.url);
    } finally {
      await new Promise((closed) => server.server.close(closed));
    }
  });
});

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

async function serveStatic(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    const file = path.endsWith('/') ? `${path}index.html` : path;
    try {
      const body = await readFile(join(dir, file));
      response
        .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
        .end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}
