/**
 * A Nova answer's headers as a plain list of name/value pairs, in the order they were added: a
 * fetch `Headers` (validation on every append, a sort on every read) cost about a fifth of show's
 * own time in the standalone server. `headerListLines` writes the list out exactly as `Headers`
 * iterates (Fetch standard, "sort and combine"), so the bytes on the wire do not change.
 */
export type HeaderList = [string, string][];

/** Lowercased names, kept: an answer's names are the mock's own, a few dozen in all. */
const lowercased = new Map<string, string>();
const LOWERCASED_NAMES = 256;

function lowerName(name: string): string {
  let lower = lowercased.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowercased.size < LOWERCASED_NAMES) lowercased.set(name, lower);
  }
  return lower;
}

/** `Vary` values split at their commas, kept: the mock sends a few values, the same each time. */
const varyParts = new Map<string, string[]>();

function varyPartsOf(value: string): string[] {
  let parts = varyParts.get(value);
  if (parts === undefined) {
    parts = value.split(/,\s*/);
    if (varyParts.size < LOWERCASED_NAMES) varyParts.set(value, parts);
  }
  return parts;
}

/**
 * The raw header lines (name, value, name, value…) of a `Headers` made from `list`, as the
 * standalone server writes them: names lowercased and sorted by code unit, the values of a
 * repeated name joined with ", " in the order added (`set-cookie`, which `Headers` keeps apart,
 * is never in a Nova answer), except `Vary`, which Nova sends as separate lines (§5.2): each of
 * its values is written apart, split at its commas. Sorted by index with an insertion sort (a list
 * holds a few pairs), without making the sorted pairs.
 */
export function headerListLines(list: HeaderList): string[] {
  const names: string[] = [];
  const order: number[] = [];
  for (let index = 0; index < list.length; index++) {
    const name = lowerName((list[index] as [string, string])[0]);
    names.push(name);
    let at = order.length;
    while (at > 0 && (names[order[at - 1] as number] as string) > name) at--;
    order.splice(at, 0, index);
  }
  const raw: string[] = [];
  for (let at = 0; at < order.length; ) {
    const first = order[at] as number;
    const name = names[first] as string;
    let value = (list[first] as [string, string])[1];
    if (name === 'vary') {
      for (; at < order.length && names[order[at] as number] === name; at++)
        for (const part of varyPartsOf((list[order[at] as number] as [string, string])[1]))
          raw.push(name, part);
      continue;
    }
    for (at++; at < order.length && names[order[at] as number] === name; at++)
      value = `${value}, ${(list[order[at] as number] as [string, string])[1]}`;
    raw.push(name, value);
  }
  return raw;
}
