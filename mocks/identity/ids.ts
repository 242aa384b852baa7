/**
 * Stable hex ids from names, without node:crypto (every runtime): Nova routes only hex project
 * segments (behaviour spec §2.2), so every project id the mock hands out is 32 hex digits.
 */

/** FNV-1a (32 bit) over UTF-8 bytes, from a given offset basis. */
function fnv1a(bytes: Uint8Array, basis: number): number {
  let hash = basis >>> 0;
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

const BASES = [0x811c9dc5, 0x050c5d1f, 0x6c62272e, 0x2f2a1a99];

/** 32 hex digits that depend only on `text`, e.g. for project, user and role ids. */
export function stableHexId(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return BASES.map((basis, index) =>
    fnv1a(new Uint8Array([index, ...bytes]), basis)
      .toString(16)
      .padStart(8, '0'),
  ).join('');
}

/** The project called `demo` owns the api-samples images: its id is the configured project id. */
export const DEFAULT_PROJECT_NAME = 'demo';

/** The id of a project name: `demo` is the configured project, other names hash to stable hex ids. */
export function projectIdFor(name: string, defaultProjectId: string): string {
  return name === DEFAULT_PROJECT_NAME ? defaultProjectId : stableHexId(`project:${name}`);
}

export const userIdFor = (name: string): string => stableHexId(`user:${name}`);
export const roleIdFor = (name: string): string => stableHexId(`role:${name}`);

export const isHexProjectId = (id: string): boolean => /^[0-9a-f-]+$/.test(id);
