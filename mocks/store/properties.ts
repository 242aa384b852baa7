/**
 * Image properties as null-prototype objects: user-chosen keys such as `__proto__` or
 * `constructor` are ordinary data and never reach Object.prototype.
 */
import type { ImageProperties } from '../types.ts';

export function copyProperties(source: Readonly<ImageProperties>): ImageProperties {
  const copy: ImageProperties = Object.create(null);
  for (const [key, value] of Object.entries(source)) copy[key] = value;
  return copy;
}

/** §10.4: Nova leaves these out of the write when they say "none" or "", yet keeps the key. */
function isDroppedBootImageValue(key: string, value: string | null): boolean {
  return (
    (key === 'kernel_id' || key === 'ramdisk_id') &&
    value !== null &&
    ['none', ''].includes(value.trim().toLowerCase())
  );
}

/**
 * The property set Glance stores when Nova writes `desired` over `stored` (a full replacement
 * with purge, §10.4): a dropped kernel_id/ramdisk_id keeps its stored value, or stays absent.
 */
export function writtenProperties(
  stored: Readonly<ImageProperties>,
  desired: Readonly<ImageProperties>,
): ImageProperties {
  const written: ImageProperties = Object.create(null);
  for (const [key, value] of Object.entries(desired)) {
    if (!isDroppedBootImageValue(key, value)) written[key] = value;
    else if (Object.hasOwn(stored, key)) written[key] = stored[key] ?? null;
  }
  return written;
}
