/** Identifiers drawn from the record's generator, formatted from lookup tables. */
import type { Random } from './random.ts';

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const HEX3 = Array.from({ length: 4096 }, (_, n) => n.toString(16).padStart(3, '0'));

/** A uniform 32-bit word (faker `number.int(0xffffffff)`). */
function word(random: Random): number {
  return random.int(0, 0xffffffff);
}

function hex8(word: number): string {
  return (
    (HEX[word >>> 24] as string) +
    (HEX[(word >>> 16) & 0xff] as string) +
    (HEX[(word >>> 8) & 0xff] as string) +
    (HEX[word & 0xff] as string)
  );
}

/** Lower-case hex of `length` (a multiple of 8) characters, e.g. Keystone ids (32). */
export function hexId(random: Random, length: number): string {
  let out = '';
  while (out.length < length) out += hex8(word(random));
  return out;
}

/**
 * A random (version 4) UUID, as Glance and Nova assign them: 128 random bits, of which the
 * version nibble (13th hex digit) and the variant nibble (17th) are then overwritten.
 */
export function uuid(random: Random): string {
  const w0 = word(random);
  const w1 = word(random);
  const w2 = word(random);
  const w3 = word(random);
  const variant = '89ab'[random.int(0, 3)] as string;
  return `${hex8(w0)}-${HEX[w1 >>> 24]}${HEX[(w1 >>> 16) & 0xff]}-4${HEX3[w1 & 0xfff]}-${variant}${HEX3[(w2 >>> 16) & 0xfff]}-${HEX[(w2 >>> 8) & 0xff]}${HEX[w2 & 0xff]}${hex8(w3)}`;
}
