import { describe, expect, it } from 'vitest';
import { parseWithPythonConstants } from './python-json.ts';

describe('parseWithPythonConstants', () => {
  it("reads Python's NaN, Infinity and -Infinity where a value may stand", () => {
    expect(parseWithPythonConstants('{"metadata": {"a": NaN}}')).toEqual({ metadata: { a: Number.NaN } });
    expect(parseWithPythonConstants('[NaN, Infinity, -Infinity]')).toEqual([
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]);
  });
  it('leaves the words inside strings alone, so a text without constants is not its business', () => {
    expect(parseWithPythonConstants('{"NaN": "Infinity"}')).toBeUndefined();
  });
  it('refuses what Python refuses too (measured: Malformed request body)', () => {
    expect(() => parseWithPythonConstants('{"a": NaNx}')).toThrow(SyntaxError);
    expect(() => parseWithPythonConstants('{"a": -NaN}')).toThrow(SyntaxError);
  });
  it('turns back only its own placeholders, never a string a client sent', () => {
    const sent = '{"a": NaN, "b": "\\u0000NaN"}';
    expect(parseWithPythonConstants(sent)).toEqual({ a: Number.NaN, b: '\u0000NaN' });
  });
});
