/**
 * Vitest global setup: builds the package (dist/, as `npm pack` ships it) once per run, so tests
 * that import `nova-images-mock/...` by name (the README's examples) run the compiled package.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildPackage(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const build = spawnSync(process.execPath, ['tools/build.mjs'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}
