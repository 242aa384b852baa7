/**
 * Request bodies of the metadata writes (§10.1): `{"metadata": {...}}` for POST/PUT `/metadata`,
 * `{"meta": {"<key>": "<value>"}}` for PUT `/metadata/{key}`. Validation walks Nova's schema the
 * way python-jsonschema does and stops at the first error: type → properties (the pairs:
 * type, patternProperties, additionalProperties, min/maxProperties) → required →
 * additionalProperties.
 */
import type { ImageProperties } from '../types.ts';
import { badRequest, type NovaFault } from './faults.ts';
import { pyCompare, pyRepr, pyStr } from './python-repr.ts';
import type { ReleaseProfile } from './release.ts';

const KEY_PATTERN_SOURCE = '^[a-zA-Z0-9-_:. ]{1,255}$';
const KEY_PATTERN = new RegExp(KEY_PATTERN_SOURCE);
const MAX_VALUE_LENGTH = 255;

export interface BodyOptions {
  /** The `/v2` mount point: relaxed additionalProperties checks (§5.4). */
  legacyV2: boolean;
  /** What differs between releases: the validator's wording and `/v2`'s all-invalid-keys pass. */
  release: Pick<ReleaseProfile, 'tooFewProperties' | 'legacyAllInvalidKeysPass'>;
}

/** POST/PUT `/metadata`. Throws 400 NovaFault with Nova's message. */
export function parseMetadataBody(body: unknown, options: BodyOptions): ImageProperties {
  return parseBody(body, 'metadata', options, false);
}

/** PUT `/metadata/{key}`: the one pair, whose key must be the URL's (§9.8 step 2). Throws 400. */
export function parseMetaItemBody(
  body: unknown,
  urlKey: string,
  options: BodyOptions,
): { key: string; value: string | null } {
  const meta = parseBody(body, 'meta', options, true);
  const [pair] = Object.entries(meta);
  if (pair === undefined || pair[0] !== urlKey) throw badRequest('Request body and URI mismatch');
  return { key: pair[0], value: pair[1] };
}

/**
 * `single`: `meta`, minProperties = maxProperties = 1. An argument, not a spread of the options
 * with it: each spread object outlived young collections (about 65 bytes of every metadata write
 * promoted to the old generation, --trace-gc-nvp).
 */
function parseBody(body: unknown, field: string, options: BodyOptions, single: boolean): ImageProperties {
  if (!isJsonObject(body)) throw badRequest(`${pyRepr(body)} is not of type 'object'`);
  if (!Object.hasOwn(body, field)) throw badRequest(`${pyRepr(field)} is a required property`);
  const pairs = validatePairs(body[field], field, options, single);
  const extras = Object.keys(body).filter((key) => key !== field);
  // §5.4: /v2 drops unknown top-level keys instead of refusing them.
  if (extras.length > 0 && !options.legacyV2) {
    throw badRequest(`Additional properties are not allowed (${extrasMessage(extras.sort(pyCompare))})`);
  }
  return pairs;
}

function validatePairs(
  pairs: unknown,
  field: string,
  { legacyV2, release }: BodyOptions,
  single: boolean,
): ImageProperties {
  if (!isJsonObject(pairs)) throw fieldError(field, pairs, `${pyRepr(pairs)} is not of type 'object'`);
  const entries = Object.entries(pairs);
  for (const [key, value] of entries) {
    if (!KEY_PATTERN.test(key)) continue;
    if (typeof value !== 'string') throw fieldError(key, value, `${pyRepr(value)} is not of type 'string'`);
    // Python's len() counts code points, never more than the UTF-16 units a string's length counts.
    if (value.length > MAX_VALUE_LENGTH && [...value].length > MAX_VALUE_LENGTH) {
      throw fieldError(key, value, `${pyRepr(value)} is too long`);
    }
  }
  const badKeys = entries.map(([key]) => key).filter((key) => !KEY_PATTERN.test(key));
  if (badKeys.length > 0) {
    if (!legacyV2) {
      const joined = badKeys.sort(pyCompare).map(pyRepr).join(', ');
      const verb = badKeys.length === 1 ? 'does' : 'do';
      const message = `${joined} ${verb} not match any of the regexes: ${pyRepr(KEY_PATTERN_SOURCE)}`;
      throw fieldError(field, pairs, message);
    }
    // §5.4: Nova's soft additionalProperties check (master) lets the body through when EVERY key
    // is invalid; its message lists the keys in set order, here request order.
    if (badKeys.length < entries.length || !release.legacyAllInvalidKeysPass) {
      throw fieldError(field, pairs, `Additional properties are not allowed (${extrasMessage(badKeys)})`);
    }
  }
  if (single && entries.length < 1)
    throw fieldError(field, pairs, `${pyRepr(pairs)} ${release.tooFewProperties}`);
  if (single && entries.length > 1)
    throw fieldError(field, pairs, `${pyRepr(pairs)} has too many properties`);

  const properties: ImageProperties = Object.create(null);
  for (const [key, value] of entries) properties[key] = glanceValue(value);
  return properties;
}

/**
 * Only the unvalidated values of §5.4's all-invalid case can be non-strings; Nova's
 * `_convert_to_v2` sends those to Glance as `str(value)`, None as null.
 */
function glanceValue(value: unknown): string | null {
  return value === null ? null : pyStr(value);
}

function fieldError(pathElement: string, instance: unknown, message: string): NovaFault {
  return badRequest(
    `Invalid input for field/attribute ${pathElement}. Value: ${pyStr(instance)}. ${message}`,
  );
}

function extrasMessage(extras: readonly string[]): string {
  return `${extras.map(pyRepr).join(', ')} ${extras.length === 1 ? 'was' : 'were'} unexpected`;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
