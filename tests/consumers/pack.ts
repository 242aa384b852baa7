/** Global setup of the consumer tests: `npm pack` (its prepack builds dist/) into a temporary directory. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

export default function pack(project: TestProject): () => void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const destination = mkdtempSync(join(tmpdir(), 'nova-consumer-tarball-'));
  const packed = spawnSync('npm', ['pack', '--json', '--loglevel=error', '--pack-destination', destination], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stdout}${packed.stderr}`);
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  project.provide('tarball', join(destination, filename));
  return () => rmSync(destination, { recursive: true, force: true });
}
