/** Identifiers drawn through the record's faker, formatted without faker's slow string helpers. */
import type { SeededFaker } from './seeding.ts';

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hexWord(faker: SeededFaker): string {
  const word = faker.number.int(0xffffffff);
  return (
    (HEX[word >>> 24] as string) +
    (HEX[(word >>> 16) & 0xff] as string) +
    (HEX[(word >>> 8) & 0xff] as string) +
    (HEX[word & 0xff] as string)
  );
}

/** Lower-case hex of `length` (a multiple of 8) characters, e.g. Keystone ids (32). */
export function hexId(faker: SeededFaker, length: number): string {
  let out = '';
  while (out.length < length) out += hexWord(faker);
  return out;
}

/** A random (version 4) UUID, as Glance and Nova assign them. */
export function uuid(faker: SeededFaker): string {
  const hex = hexId(faker, 32);
  const variant = '89ab'[faker.number.int(3)] as string;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
}
