/**
 * Image properties: user-chosen keys such as `__proto__` or `constructor` are ordinary data and
 * never reach Object.prototype.
 *
 * Two forms. A working copy, to edit, has a null prototype, so assigning any key is safe. A
 * stored one (the image service's records) is frozen and made only by JSON.parse or spread, which
 * define keys as own data (never through the `__proto__` setter), and is read only by own keys
 * (Object.hasOwn, Object.entries). It keeps Object.prototype because V8 shares the hidden class of
 * frozen objects only then: frozen null-prototype objects get one hidden class each, about 400
 * bytes per image (40% of a loaded million images).
 */
import type { ImageProperties } from '../types.ts';

/** A null-prototype working copy, kept in V8's fast mode (spread: assigning keys one by one goes to a dictionary past a dozen keys). */
export function copyProperties(source: Readonly<ImageProperties>): ImageProperties {
  return Object.setPrototypeOf({ ...source }, null);
}

/** The stored form: frozen, own data keys only. A stored object is kept as it is. */
export function storedProperties(source: Readonly<ImageProperties>): Readonly<ImageProperties> {
  if (isStoredProperties(source)) return source;
  return Object.freeze({ ...source });
}

export function isStoredProperties(properties: Readonly<ImageProperties>): boolean {
  return Object.isFrozen(properties) && Object.getPrototypeOf(properties) === Object.prototype;
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
