/**
 * Image properties as null-prototype objects: user-chosen keys such as `__proto__` or
 * `constructor` are ordinary data and never reach Object.prototype.
 */
import type { ImageProperties } from '../types.ts';

/**
 * A null-prototype copy that V8 keeps in fast mode (with a hidden class): `Object.create(null)`
 * starts a dictionary instead, which holds a record's properties in about three times the memory.
 */
export function copyProperties(source: Readonly<ImageProperties>): ImageProperties {
  const copy: ImageProperties = Object.setPrototypeOf({}, null);
  for (const key of Object.keys(source)) copy[key] = source[key] as string | null;
  return copy;
}
