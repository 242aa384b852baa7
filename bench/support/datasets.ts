/**
 * The benchmark datasets: `generate --seed 1` at each size, made once and cached in
 * bench/.datasets/ (gitignored). Record i is the same at every size, so values picked from the
 * smallest dataset exist in the larger ones.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = `${ROOT}bench/.datasets`;

/** The dataset file of `count` images in `format` (generated on first use). */
export function datasetFile(count: number, format: 'dataset' | 'ndjson' | 'json-server' = 'dataset'): string {
  const extension = format === 'ndjson' ? 'ndjson' : 'json';
  const file = `${CACHE}/seed1-${count}${format === 'json-server' ? '-json-server' : ''}.${extension}`;
  if (existsSync(file)) return file;
  mkdirSync(CACHE, { recursive: true });
  process.stderr.write(`generating ${file} ...\n`);
  const partial = `${file}.partial`;
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/cli.ts',
      'generate',
      '--seed',
      '1',
      '--count',
      String(count),
      '--format',
      format,
      '--out',
      partial,
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  renameSync(partial, file);
  return file;
}
