/**
 * Python's `json.dumps(value)` text: `", "` and `": "` separators, and with `ensure_ascii` (the
 * default, which WebOb's error bodies use) every non-ASCII character as a `\uXXXX` escape.
 * Glance's own views pass `ensure_ascii=False`.
 */
function quote(text: string, ensureAscii: boolean): string {
  const json = JSON.stringify(text);
  if (!ensureAscii) return json;
  return json.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function pythonJson(value: unknown, ensureAscii = true): string {
  if (typeof value === 'string') return quote(value, ensureAscii);
  if (Array.isArray(value)) return `[${value.map((item) => pythonJson(item, ensureAscii)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const items = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => `${quote(key, ensureAscii)}: ${pythonJson(item, ensureAscii)}`);
    return `{${items.join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
