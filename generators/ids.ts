/**
 * Identifiers drawn from the record's generator, as the random words they are made of and spelled
 * out from those words: into a string, or straight into the bytes a record is written to (a
 * generated file needs no string of them).
 */
import type { Random } from './random.ts';

const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));
const DASH = 0x2d;
const LONGEST = 128;
const spelled = Buffer.allocUnsafe(LONGEST);

/** The low `digits` hex digits of `value`, at `at`. */
function spell(target: Uint8Array, at: number, value: number, digits: number): void {
  let rest = value;
  for (let i = at + digits - 1; i >= at; i--) {
    target[i] = HEX_DIGITS[rest & 0xf] as number;
    rest >>>= 4;
  }
}

/** The words of a hex id of `length` (a multiple of 8, at most 128) characters, into `words`. */
export function drawHexWords(random: Random, length: number, words: Uint32Array): void {
  if (length > LONGEST) throw new RangeError(`hex ids are at most ${LONGEST} characters, not ${length}`);
  for (let w = 0; w < length / 8; w++) words[w] = random.word();
}

/** The `length` hex digits of `words` (from drawHexWords), at `at`. */
export function spellHex(target: Uint8Array, at: number, words: Uint32Array, length: number): void {
  for (let w = 0; w < length / 8; w++) spell(target, at + w * 8, words[w] as number, 8);
}

const hexWords = new Uint32Array(LONGEST / 8);

/** Lower-case hex of `length` (a multiple of 8, at most 128) characters, e.g. Keystone ids (32). */
export function hexId(random: Random, length: number): string {
  drawHexWords(random, length, hexWords);
  return hexText(hexWords, length);
}

/** Characters of a UUID. */
export const UUID_LENGTH = 36;
/** What a UUID is drawn as: four random words, then the variant (0–3). */
export const UUID_WORDS = 5;

/**
 * A random (version 4) UUID, as Glance and Nova assign them: 128 random bits, of which the
 * version nibble (13th hex digit) and the variant nibble (17th) are then overwritten.
 */
export function drawUuidWords(random: Random, words: Uint32Array): void {
  words[0] = random.word();
  words[1] = random.word();
  words[2] = random.word();
  words[3] = random.word();
  words[4] = random.int(0, 3);
}

/** The UUID of `words` (from drawUuidWords), at `at`. */
export function spellUuid(target: Uint8Array, at: number, words: Uint32Array): void {
  const w1 = words[1] as number;
  const w2 = words[2] as number;
  spell(target, at, words[0] as number, 8);
  target[at + 8] = DASH;
  spell(target, at + 9, w1 >>> 16, 4);
  target[at + 13] = DASH;
  spell(target, at + 14, 4, 1);
  spell(target, at + 15, w1 & 0xfff, 3);
  target[at + 18] = DASH;
  spell(target, at + 19, 8 + (words[4] as number), 1);
  spell(target, at + 20, (w2 >>> 16) & 0xfff, 3);
  target[at + 23] = DASH;
  spell(target, at + 24, w2 & 0xffff, 4);
  spell(target, at + 28, words[3] as number, 8);
}

const uuidWords = new Uint32Array(UUID_WORDS);

/** `spellUuid` of `drawUuidWords`, as a string. */
export function uuid(random: Random): string {
  drawUuidWords(random, uuidWords);
  return uuidText(uuidWords);
}

/** The UUID of `words` as a string. */
export function uuidText(words: Uint32Array): string {
  spellUuid(spelled, 0, words);
  return spelled.toString('latin1', 0, UUID_LENGTH);
}

/** The hex id of `words` as a string. */
export function hexText(words: Uint32Array, length: number): string {
  spellHex(spelled, 0, words, length);
  return spelled.toString('latin1', 0, length);
}
