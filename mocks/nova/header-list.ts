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
 * `Headers` keeps apart, is never in a Nova answer). An insertion sort: a list holds a few pairs.
 */
export function sortAndCombine(list: HeaderList): HeaderList {
  const sorted: HeaderList = [];
  for (const pair of list) {
    const name = pair[0].toLowerCase();
    let at = sorted.length;
    while (at > 0 && (sorted[at - 1] as [string, string])[0] > name) at--;
    const before = sorted[at - 1];
    if (before !== undefined && before[0] === name) sorted[at - 1] = [name, `${before[1]}, ${pair[1]}`];
    else sorted.splice(at, 0, name === pair[0] ? pair : [name, pair[1]]);
  }
  return sorted;
}
