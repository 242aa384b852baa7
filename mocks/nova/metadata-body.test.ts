import { describe, expect, it } from 'vitest';
import { thrown } from '../../tests/support/thrown.ts';
import { NovaFault } from './faults.ts';
import { parseMetadataBody, parseMetaItemBody } from './metadata-body.ts';
import { releaseProfile } from './release.ts';

const STRICT = { legacyV2: false, release: releaseProfile('master') };
const LEGACY = { legacyV2: true, release: releaseProfile('master') };
const ZED_LEGACY = { legacyV2: true, release: releaseProfile('zed') };
const KEY_REGEX = "'^[a-zA-Z0-9-_:. ]{1,255}$'";

const faultOf = (run: () => unknown): NovaFault => thrown(NovaFault, run);

function metadataMessage(json: string, options = STRICT): string {
  const fault = faultOf(() => parseMetadataBody(JSON.parse(json), options));
  expect(fault.status).toBe(400);
  return fault.message;
}

function metaMessage(json: string, urlKey: string, options = STRICT): string {
  const fault = faultOf(() => parseMetaItemBody(JSON.parse(json), urlKey, options));
  expect(fault.status).toBe(400);
  return fault.message;
}

describe('parseMetadataBody: the §10.1 table', () => {
  it.each([
    [
      '{"metadata": "x"}',
      "Invalid input for field/attribute metadata. Value: x. 'x' is not of type 'object'",
    ],
    [
      '{"metadata": null}',
      "Invalid input for field/attribute metadata. Value: None. None is not of type 'object'",
    ],
    [
      '{"metadata": {"key": 1}}',
      "Invalid input for field/attribute key. Value: 1. 1 is not of type 'string'",
    ],
    [
      '{"metadata": {"key": null}}',
      "Invalid input for field/attribute key. Value: None. None is not of type 'string'",
    ],
    [
      '{"metadata": {"key": true}}',
      "Invalid input for field/attribute key. Value: True. True is not of type 'string'",
    ],
    [
      '{"metadata": {"bad/key": "v"}}',
      `Invalid input for field/attribute metadata. Value: {'bad/key': 'v'}. 'bad/key' does not match any of the regexes: ${KEY_REGEX}`,
    ],
    ['{"metadata": {}, "extra": 1}', "Additional properties are not allowed ('extra' was unexpected)"],
  ])('%s', (json, message) => {
    expect(metadataMessage(json)).toBe(message);
  });

  it('refuses a value of 256 characters', () => {
    const value = 'x'.repeat(256);
    expect(metadataMessage(JSON.stringify({ metadata: { key: value } }))).toBe(
      `Invalid input for field/attribute key. Value: ${value}. '${value}' is too long`,
    );
  });

  it('counts code points: 255 emoji pass, 256 fail', () => {
    expect(parseMetadataBody({ metadata: { key: '😀'.repeat(255) } }, STRICT).key).toBe('😀'.repeat(255));
    expect(metadataMessage(JSON.stringify({ metadata: { key: '😀'.repeat(256) } }))).toMatch(/is too long$/);
  });

  it('refuses a key of 256 characters through the pattern', () => {
    const key = 'k'.repeat(256);
    expect(metadataMessage(JSON.stringify({ metadata: { [key]: 'v' } }))).toBe(
      `Invalid input for field/attribute metadata. Value: {'${key}': 'v'}. '${key}' does not match any of the regexes: ${KEY_REGEX}`,
    );
  });
});

describe('parseMetadataBody: root errors and ordering', () => {
  it('gives bare messages at the root', () => {
    expect(faultOf(() => parseMetadataBody(null, STRICT)).message).toBe("None is not of type 'object'");
    expect(metadataMessage('[]')).toBe("[] is not of type 'object'");
    expect(metadataMessage('"s"')).toBe("'s' is not of type 'object'");
    expect(metadataMessage('{"extra": 1}')).toBe("'metadata' is a required property");
    expect(metadataMessage('{"metadata": {}, "zz": 1, "aa": 2}')).toBe(
      "Additional properties are not allowed ('aa', 'zz' were unexpected)",
    );
  });

  it('reports the pairs before the unknown top-level keys', () => {
    expect(metadataMessage('{"metadata": "x", "extra": 1}')).toBe(
      "Invalid input for field/attribute metadata. Value: x. 'x' is not of type 'object'",
    );
  });

  it('reports bad values before bad keys, and sorts bad keys', () => {
    expect(metadataMessage('{"metadata": {"bad/": "v", "ok": 1}}')).toBe(
      "Invalid input for field/attribute ok. Value: 1. 1 is not of type 'string'",
    );
    expect(metadataMessage('{"metadata": {"b/": "v", "a;": "v", "ok": "v"}}')).toBe(
      `Invalid input for field/attribute metadata. Value: {'b/': 'v', 'a;': 'v', 'ok': 'v'}. 'a;', 'b/' do not match any of the regexes: ${KEY_REGEX}`,
    );
  });

  it('renders values and keys with Python quoting', () => {
    expect(metadataMessage('{"metadata": {"key": ["a", {"b": null}]}}')).toBe(
      "Invalid input for field/attribute key. Value: ['a', {'b': None}]. ['a', {'b': None}] is not of type 'string'",
    );
    expect(metadataMessage('{"metadata": {"it\'s": "v"}}')).toBe(
      `Invalid input for field/attribute metadata. Value: {"it's": 'v'}. "it's" does not match any of the regexes: ${KEY_REGEX}`,
    );
    expect(metadataMessage('{"metadata": {"": "v"}}')).toBe(
      `Invalid input for field/attribute metadata. Value: {'': 'v'}. '' does not match any of the regexes: ${KEY_REGEX}`,
    );
  });
});

describe('parseMetadataBody: valid bodies', () => {
  it('accepts every allowed key character and empty values', () => {
    const metadata = parseMetadataBody(JSON.parse('{"metadata": {"a b:c.d-e_f": "v", "k": ""}}'), STRICT);
    expect({ ...metadata }).toEqual({ 'a b:c.d-e_f': 'v', k: '' });
  });

  it('accepts {} (nothing to write)', () => {
    expect(Object.keys(parseMetadataBody({ metadata: {} }, STRICT))).toEqual([]);
  });

  it('returns a null-prototype object where __proto__ is an ordinary key', () => {
    const body: unknown = JSON.parse('{"metadata": {"__proto__": "x", "constructor": "y"}}');
    const metadata = parseMetadataBody(body, STRICT);
    expect(Object.getPrototypeOf(metadata)).toBeNull();
    expect(Object.keys(metadata)).toEqual(['__proto__', 'constructor']);
    expect(Object.entries(metadata)).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
  });
});

describe('parseMetadataBody: legacy /v2 (§5.4)', () => {
  it('refuses invalid keys beside valid ones with the additionalProperties message', () => {
    expect(metadataMessage('{"metadata": {"ok": "v", "bad!": "v"}}', LEGACY)).toBe(
      "Invalid input for field/attribute metadata. Value: {'ok': 'v', 'bad!': 'v'}. Additional properties are not allowed ('bad!' was unexpected)",
    );
  });

  it('lets the body through when every key is invalid, values as Nova sends them to Glance', () => {
    const metadata = parseMetadataBody(JSON.parse('{"metadata": {"bad!": "v", "bad?": 1}}'), LEGACY);
    expect({ ...metadata }).toEqual({ 'bad!': 'v', 'bad?': '1' });
  });

  it('still checks the values of valid keys', () => {
    expect(metadataMessage('{"metadata": {"ok": 1, "bad!": "v"}}', LEGACY)).toBe(
      "Invalid input for field/attribute ok. Value: 1. 1 is not of type 'string'",
    );
  });

  it('drops unknown top-level keys, but still requires metadata', () => {
    const metadata = parseMetadataBody(JSON.parse('{"metadata": {"ok": "v"}, "extra": 1}'), LEGACY);
    expect({ ...metadata }).toEqual({ ok: 'v' });
    expect(metadataMessage('{"extra": 1}', LEGACY)).toBe("'metadata' is a required property");
  });

  it('in Zed, refuses a body whose every key is invalid (no all-invalid pass; measured, tests/conformance bodies)', () => {
    expect(metadataMessage('{"metadata": {"a/b": 1}}', ZED_LEGACY)).toBe(
      "Invalid input for field/attribute metadata. Value: {'a/b': 1}. Additional properties are not allowed ('a/b' was unexpected)",
    );
    expect(metadataMessage('{"metadata": {"": "x"}}', ZED_LEGACY)).toBe(
      "Invalid input for field/attribute metadata. Value: {'': 'x'}. Additional properties are not allowed ('' was unexpected)",
    );
  });
});

describe('parseMetaItemBody', () => {
  it.each([
    ['{"meta": {}}', 'Invalid input for field/attribute meta. Value: {}. {} should be non-empty'],
    [
      '{"meta": {"blah": "blah", "blah1": "blah1"}}',
      "Invalid input for field/attribute meta. Value: {'blah': 'blah', 'blah1': 'blah1'}. {'blah': 'blah', 'blah1': 'blah1'} has too many properties",
    ],
    ['{"key1": "zz"}', "'meta' is a required property"],
    [
      '{"meta": {"bad!": "v", "x": "y"}}',
      `Invalid input for field/attribute meta. Value: {'bad!': 'v', 'x': 'y'}. 'bad!' does not match any of the regexes: ${KEY_REGEX}`,
    ],
  ])('%s (§10.1)', (json, message) => {
    expect(metaMessage(json, 'key1')).toBe(message);
  });

  it("words an empty meta as Zed's python-jsonschema 4.10 does (§17)", () => {
    expect(metaMessage('{"meta": {}}', 'key1', { legacyV2: false, release: releaseProfile('zed') })).toBe(
      'Invalid input for field/attribute meta. Value: {}. {} does not have enough properties',
    );
  });

  it('returns the pair when the body key is the URL key', () => {
    expect(parseMetaItemBody({ meta: { key1: 'v' } }, 'key1', STRICT)).toEqual({ key: 'key1', value: 'v' });
  });

  it('refuses a body key other than the URL key (§9.8 step 2)', () => {
    expect(metaMessage('{"meta": {"key1": "v"}}', 'key2')).toBe('Request body and URI mismatch');
    expect(metaMessage('{"meta": {"Key1": "v"}}', 'key1')).toBe('Request body and URI mismatch');
  });

  it('validates before comparing with the URL key', () => {
    expect(metaMessage('{"meta": {"key1": 1}}', 'other')).toBe(
      "Invalid input for field/attribute key1. Value: 1. 1 is not of type 'string'",
    );
  });

  it('keeps a __proto__ key', () => {
    const body: unknown = JSON.parse('{"meta": {"__proto__": "x"}}');
    expect(parseMetaItemBody(body, '__proto__', STRICT)).toEqual({ key: '__proto__', value: 'x' });
  });

  describe('legacy /v2 (§5.4)', () => {
    it('accepts a single invalid key, then compares it with the URL key', () => {
      expect(parseMetaItemBody({ meta: { 'bad!': 'v' } }, 'bad!', LEGACY)).toEqual({
        key: 'bad!',
        value: 'v',
      });
      expect(metaMessage('{"meta": {"bad!": "v"}}', 'key1', LEGACY)).toBe('Request body and URI mismatch');
    });

    it('still counts the pairs when every key is invalid', () => {
      expect(metaMessage('{"meta": {"bad!": "v", "bad?": "w"}}', 'bad!', LEGACY)).toBe(
        "Invalid input for field/attribute meta. Value: {'bad!': 'v', 'bad?': 'w'}. {'bad!': 'v', 'bad?': 'w'} has too many properties",
      );
    });

    it('refuses an invalid key beside a valid one', () => {
      expect(metaMessage('{"meta": {"ok": "v", "bad!": "w"}}', 'ok', LEGACY)).toBe(
        "Invalid input for field/attribute meta. Value: {'ok': 'v', 'bad!': 'w'}. Additional properties are not allowed ('bad!' was unexpected)",
      );
    });

    it('drops unknown top-level keys', () => {
      expect(parseMetaItemBody({ meta: { k: 'v' }, extra: 1 }, 'k', LEGACY)).toEqual({
        key: 'k',
        value: 'v',
      });
    });
  });
});
