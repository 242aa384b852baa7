/**
 * Identifiers drawn from the record's generator. Each is spelled out in a small byte buffer and
 * read as one string: built from two-digit pieces, it was dozens of strings joined, which the
 * serializer then had to flatten again.
 */
import type { Random } from './random.ts';

const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));
const DASH = 0x2d;
const LONGEST = 128;
const spelled = Buffer.allocUnsafe(LONGEST);

/** The low `digits` hex digits of `value`, at `at`. */
function spell(at: number, value: number, digits: number): void {
  let rest = value;
  for (let i = at + digits - 1; i >= at; i--) {
    spelled[i] = HEX_DIGITS[rest & 0xf] as number;
    rest >>>= 4;
  }
}

function spelledText(length: number): string {
  return spelled.toString('latin1', 0, length);
}

/** Lower-case hex of `length` (a multiple of 8, at most 128) characters, e.g. Keystone ids (32). */
export function hexId(random: Random, length: number): string {
  if (length > LONGEST) throw new RangeError(`hex ids are at most ${LONGEST} characters, not ${length}`);
  let at = 0;
  for (; at < length; at += 8) spell(at, random.word(), 8);
  return spelledText(at);
}

/**
 * A random (version 4) UUID, as Glance and Nova assign them: 128 random bits, of which the
 * version nibble (13th hex digit) and the variant nibble (17th) are then overwritten.
 */
export function uuid(random: Random): string {
  const w0 = random.word();
  const w1 = random.word();
  const w2 = random.word();
  const w3 = random.word();
  const variant = random.int(0, 3);
  spell(0, w0, 8);
  spelled[8] = DASH;
  spell(9, w1 >>> 16, 4);
  spelled[13] = DASH;
  spell(14, 4, 1);
  spell(15, w1 & 0xfff, 3);
  spelled[18] = DASH;
  spell(19, 8 + variant, 1);
  spell(20, (w2 >>> 16) & 0xfff, 3);
  spelled[23] = DASH;
  spell(24, w2 & 0xffff, 4);
  spell(28, w3, 8);
  return spelledText(36);
}
