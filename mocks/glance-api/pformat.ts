/**
 * Python's `pprint.pformat(value, width=72)` for parsed JSON values, as python-jsonschema's
 * error text shows the failing schema and instance (Glance puts that text in its 400s).
 * Dicts are sorted by key, containers too wide for the line get one item per line, and long
 * strings are cut at whitespace into implicitly concatenated parts, as CPython 3.11 does.
 */
import { pyCompare, pyRepr } from '../nova/python-repr.ts';

const WIDTH = 72;

/** `repr` with pprint's sorted dict keys. */
function sortedRepr(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedRepr).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const items = sortedEntries(value as Record<string, unknown>).map(
      ([key, item]) => `${pyRepr(key)}: ${sortedRepr(item)}`,
    );
    return `{${items.join(', ')}}`;
  }
  return pyRepr(value);
}

function sortedEntries(value: Record<string, unknown>): [string, unknown][] {
  return Object.entries(value).sort(([a], [b]) => pyCompare(a, b));
}

/** CPython's `_pprint_str`; only a top-level string is wrapped in parentheses. */
function formatString(text: string, indent: number, allowance: number, topLevel: boolean): string {
  const chunks: string[] = [];
  const lines = text.match(/[^\n]*\n|[^\n]+/g) ?? [];
  const inner = topLevel ? indent + 1 : indent;
  const slack = topLevel ? allowance + 1 : allowance;
  const maxWidth = WIDTH - inner;
  for (const [i, line] of lines.entries()) {
    const lastLine = i === lines.length - 1;
    if (pyRepr(line).length <= (lastLine ? maxWidth - slack : maxWidth)) {
      chunks.push(pyRepr(line));
      continue;
    }
    const parts = line.match(/\S*\s*/g)?.filter((part) => part !== '') ?? [];
    let current = '';
    for (const [j, part] of parts.entries()) {
      const candidate = current + part;
      const width = j === parts.length - 1 && lastLine ? maxWidth - slack : maxWidth;
      if (pyRepr(candidate).length > width) {
        if (current !== '') chunks.push(pyRepr(current));
        current = part;
      } else current = candidate;
    }
    if (current !== '') chunks.push(pyRepr(current));
  }
  if (chunks.length <= 1) return pyRepr(text);
  const joined = chunks.join(`\n${' '.repeat(inner)}`);
  return topLevel ? `(${joined})` : joined;
}

function format(value: unknown, indent: number, allowance: number, topLevel = false): string {
  const rep = sortedRepr(value);
  if (rep.length <= WIDTH - indent - allowance) return rep;
  if (typeof value === 'string') return formatString(value, indent, allowance, topLevel);
  if (Array.isArray(value)) {
    if (value.length === 0) return rep;
    const inner = indent + 1;
    const items = value.map((item, index) =>
      format(item, inner, index === value.length - 1 ? allowance + 1 : 1),
    );
    return `[${items.join(`,\n${' '.repeat(inner)}`)}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = sortedEntries(value as Record<string, unknown>);
    if (entries.length === 0) return rep;
    const inner = indent + 1;
    const items = entries.map(([key, item], index) => {
      const keyRep = pyRepr(key);
      const last = index === entries.length - 1;
      return `${keyRep}: ${format(item, inner + keyRep.length + 2, last ? allowance + 1 : 1)}`;
    });
    return `{${items.join(`,\n${' '.repeat(inner)}`)}}`;
  }
  return rep;
}

/** `pprint.pformat(value, width=72)`. */
export function pformat(value: unknown): string {
  return format(value, 0, 0, true);
}
