/** Nova's reference documents, kept in the repository under tests/reference/ (see its README). */
import { readFileSync } from 'node:fs';

const REFERENCE_DIR = new URL('../reference/', import.meta.url);

/** A reference document, parsed; a missing file throws, so no check can pass without its data. */
export function readReferenceJson(relativePath: string): unknown {
  return JSON.parse(readFileSync(new URL(relativePath, REFERENCE_DIR), 'utf8'));
}
