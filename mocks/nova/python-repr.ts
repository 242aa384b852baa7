/**
 * JSON values as Python prints and orders them, for Nova's validation messages (§10.1 "Python
 * rendering rules"): `str()` renders the `Value:` part, `repr()` the jsonschema part.
 *
 * Limits (JSON.parse loses what Python keeps): a JSON `1.0` prints as `1` (Python: `1.0`), and
 * integer-like object keys ("1", "2") come first in a JS object, so dicts print in that order.
 */

/** Python `str(value)`: strings bare, anything else as `repr`. */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

/** Python `repr(value)` of a parsed JSON value: `None`, `True`, `'s'`, `['a', 1]`, `{'k': 'v'}`. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return pyStringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const items = Object.entries(value).map(([key, item]) => `${pyStringRepr(key)}: ${pyRepr(item)}`);
    return `{${items.join(', ')}}`;
  }
  return String(value);
}

/** Python's `<` on str: code point order (JS compares UTF-16 units, which differs above U+FFFF). */
export function pyCompare(a: string, b: string): number {
  const left = Array.from(a, codePoint);
  const right = Array.from(b, codePoint);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

function codePoint(char: string): number {
  return char.codePointAt(0) ?? 0;
}

/** JSON integers become Python ints; everything else a float, printed with float's `repr`. */
function pyNumber(n: number): string {
  // A literal beyond float range (`1e999`) is float('inf') to Python's json, as to JSON.parse;
  // `NaN` and `Infinity` are Python's constants (python-json.ts).
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  // float repr: the shortest round-trip digits (as JS), in scientific notation when the decimal
  // exponent is < -4 or >= 16, written `e+16` / `e-05`.
  const [mantissa = '', exponentText = '0'] = n.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 16) return String(n);
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

// Python's str.isprintable() is false for these categories (except the ASCII space).
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

/** CPython's unicode_repr: single quotes unless the text has a `'` and no `"`. */
function pyStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = '';
  for (const char of text) {
    if (char === quote) body += `\\${quote}`;
    else body += NAMED_ESCAPES[char] ?? (char !== ' ' && NON_PRINTABLE.test(char) ? hexEscape(char) : char);
  }
  return `${quote}${body}${quote}`;
}

function hexEscape(char: string): string {
  const point = codePoint(char);
  if (point <= 0xff) return `\\x${point.toString(16).padStart(2, '0')}`;
  if (point <= 0xffff) return `\\u${point.toString(16).padStart(4, '0')}`;
  return `\\U${point.toString(16).padStart(8, '0')}`;
}
