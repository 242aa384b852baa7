/** Where Nova's reference documents live: `../shared/reference`, present in CI and on developer machines. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REFERENCE_DIR = fileURLToPath(new URL('../../../shared/reference/', import.meta.url));

/** False in a plain clone elsewhere: tests that read the reference are skipped there, and only they. */
export const HAS_REFERENCE = existsSync(REFERENCE_DIR);

export function readReferenceJson(relativePath: string): unknown {
  return JSON.parse(readFileSync(`${REFERENCE_DIR}${relativePath}`, 'utf8'));
}
