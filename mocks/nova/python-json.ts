/**
 * The constants Python's json reads and JSON.parse refuses: `NaN`, `Infinity` and `-Infinity`
 * outside strings (json/scanner.py `py_make_scanner`). Nova's schemas then refuse them as they
 * refuse any number where a string belongs, printing Python's `nan` / `inf` (measured on Nova
 * 26.2.2: `{"metadata": {"a": NaN}}` is "Value: nan. nan is not of type 'string'").
 */

const CONSTANTS: ReadonlyArray<readonly [string, number]> = [
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['NaN', Number.NaN],
];

/** JSON.parse with Python's constants, or undefined when the text has none outside strings. */
export function parseWithPythonConstants(text: string): unknown {
  // A placeholder no request can contain: made fresh for each body (written as a JSON escape);
  // getRandomValues, unlike randomUUID, is there in a page served over plain http too.
  const nonce = `${Array.from(crypto.getRandomValues(new Uint32Array(4)), (word) => word.toString(16)).join('')}:`;
  let rewritten = '';
  let from = 0;
  let found = false;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      continue;
    }
    const constant = CONSTANTS.find(([name]) => text.startsWith(name, index));
    if (constant === undefined) continue;
    rewritten += `${text.slice(from, index)}"\\u0000${nonce}${constant[0]}"`;
    index += constant[0].length - 1;
    from = index + 1;
    found = true;
  }
  if (!found) return undefined;
  const values = new Map(CONSTANTS.map(([name, value]) => [`\u0000${nonce}${name}`, value]));
  return JSON.parse(rewritten + text.slice(from), (_key, value) =>
    typeof value === 'string' && values.has(value) ? values.get(value) : value,
  );
}
