import { describe, expect, it } from 'vitest';
import { pyCompare, pyRepr, pyStr } from './python-repr.ts';

describe('pyStr', () => {
  it('renders strings bare and the rest as repr (§10.1 "Value:" part)', () => {
    expect(pyStr('x')).toBe('x');
    expect(pyStr(null)).toBe('None');
    expect(pyStr(true)).toBe('True');
    expect(pyStr(false)).toBe('False');
    expect(pyStr(1)).toBe('1');
    expect(pyStr(1.5)).toBe('1.5');
    expect(pyStr({})).toBe('{}');
    expect(pyStr({ 'bad/key': 'v' })).toBe("{'bad/key': 'v'}");
    expect(pyStr({ blah: 'blah', blah1: 'blah1' })).toBe("{'blah': 'blah', 'blah1': 'blah1'}");
    expect(pyStr(['a', 1, null, [true], { k: 'v' }])).toBe("['a', 1, None, [True], {'k': 'v'}]");
  });
});

describe('pyRepr', () => {
  it("prints a literal beyond float range as Python's json reads it (measured: 'Value: inf.')", () => {
    expect(pyRepr(JSON.parse('1e999'))).toBe('inf');
    expect(pyRepr(JSON.parse('-1e999'))).toBe('-inf');
    expect(pyRepr(Number.NaN)).toBe('nan');
  });

  it('quotes strings like CPython', () => {
    expect(pyRepr('x')).toBe("'x'");
    expect(pyRepr('')).toBe("''");
    expect(pyRepr("a'b")).toBe(`"a'b"`);
    expect(pyRepr(`a'"b`)).toBe(`'a\\'"b'`);
    expect(pyRepr('a"b')).toBe(`'a"b'`);
    expect(pyRepr('back\\slash')).toBe("'back\\\\slash'");
    expect(pyRepr('\t\n\r\x00\x1b')).toBe("'\\t\\n\\r\\x00\\x1b'");
  });

  it('keeps printable non-ASCII and escapes the rest by width', () => {
    expect(pyRepr('\x7f\xa0\u200b😀é\ud800')).toBe("'\\x7f\\xa0\\u200b😀é\\ud800'");
    expect(pyRepr('日本 語')).toBe("'日本 語'");
    expect(pyRepr('\u{e0001}')).toBe("'\\U000e0001'");
  });

  it('prints numbers as Python int or float', () => {
    expect(pyRepr(0)).toBe('0');
    expect(pyRepr(-7)).toBe('-7');
    expect(pyRepr(0.1)).toBe('0.1');
    expect(pyRepr(0.0001)).toBe('0.0001');
    expect(pyRepr(1e-5)).toBe('1e-05');
    expect(pyRepr(1e16)).toBe('1e+16');
    expect(pyRepr(1.5e300)).toBe('1.5e+300');
  });

  it('prints the null-prototype objects of JSON.parse, __proto__ included', () => {
    const parsed: unknown = JSON.parse('{"__proto__": "x", "constructor": "y"}');
    expect(pyRepr(parsed)).toBe("{'__proto__': 'x', 'constructor': 'y'}");
  });
});

describe('pyCompare', () => {
  it('orders by code point, not UTF-16 unit', () => {
    expect(pyCompare('a', 'b')).toBeLessThan(0);
    expect(pyCompare('a', 'a')).toBe(0);
    expect(pyCompare('ab', 'a')).toBeGreaterThan(0);
    // U+FF5E sorts before U+1F600 in Python, after its surrogates in JS.
    expect(pyCompare('\uff5e', '😀')).toBeLessThan(0);
    expect(['😀', '\uff5e', 'B', 'a'].sort(pyCompare)).toEqual(['B', 'a', '\uff5e', '😀']);
  });
});
