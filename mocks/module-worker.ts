/**
 * A worker thread running one of the package's own modules: in the package, the compiled
 * `<name>.js` beside the caller; from the TypeScript sources (tests, `npm start`, `npm run
 * generate`), `<name>.ts` and what it imports bundled into one module by tsx's esbuild. A worker
 * does not inherit tsx's loader hooks, and one that registered tsx itself spent about 0.3 s of
 * CPU loading the sources through them.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const bundles = new Map<string, string>();

function bundled(entry: URL): string {
  let code = bundles.get(entry.href);
  if (code === undefined) {
    const esbuild = createRequire(import.meta.resolve('tsx/esm/api'))('esbuild') as typeof import('esbuild');
    const built = esbuild.buildSync({
      entryPoints: [fileURLToPath(entry)],
      bundle: true,
      format: 'esm',
      platform: 'node',
      write: false,
    });
    code = (built.outputFiles[0] as { text: string }).text;
    bundles.set(entry.href, code);
  }
  return code;
}

/** Starts the module `name` that sits beside the module at `callerUrl` (its `import.meta.url`). */
export function startModuleWorker(callerUrl: string, name: string, options?: WorkerOptions): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), options);
  const code = bundled(new URL(`./${name}.ts`, callerUrl));
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), options);
}
