/**
 * A Nova answer's headers as a plain list of name/value pairs, in the order they were added: a
 * fetch `Headers` (validation on every append, a sort on every read) cost about a fifth of show's
 * own time in the standalone server. `headerLines` writes the list out exactly as `Headers`
 * iterates (Fetch standard, "sort and combine"), so the bytes on the wire do not change.
 */
export type HeaderList = [string, string][];

/**
 * The pairs a `Headers` made from `list` iterates: names lowercased and sorted by code unit,
 * the values of a repeated name joined with ", " in the order added (`set-cookie`, which
 * `Headers` keeps apart, is never in a Nova answer).
 */
export function sortAndCombine(list: HeaderList): HeaderList {
  const combined = new Map<string, string>();
  for (const [name, value] of list) {
    const lower = name.toLowerCase();
    const before = combined.get(lower);
    combined.set(lower, before === undefined ? value : `${before}, ${value}`);
  }
  return [...combined].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
