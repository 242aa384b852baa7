/**
 * The demo: `npm run demo` (dev server on 127.0.0.1) and `npm run demo:build` (static files in
 * demo/dist that work from any static server, at any path). The worker file is served from the
 * repository's `public/`, where `npx msw init public` wrote it.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const demoRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: demoRoot,
  // Relative asset URLs, so the built files work from any directory of any static server.
  base: './',
  publicDir: fileURLToPath(new URL('../public', import.meta.url)),
  server: { host: '127.0.0.1', fs: { allow: [repoRoot] } },
  optimizeDeps: { include: ['msw/browser'] },
  preview: { host: '127.0.0.1' },
  // msw's browser build (with tough-cookie and tldts) is most of the ~190 kB gzipped bundle.
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 700 },
});
