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

/**
 * The properties as Glance's API shows them: a property without a value (SQL NULL, which only
 * the database can hold) reads back as "" (glance/schema.py `Schema.filter`, kept for v1's null
 * properties). Nova sees only this.
 */
export function servedProperties(properties: Readonly<ImageProperties>): ImageProperties {
  const served = copyProperties(properties);
  for (const key of Object.keys(served)) served[key] ??= '';
  return served;
}
