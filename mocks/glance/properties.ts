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
