/** Timestamps, always relative to the dataset's reference date (`now`), never the clock. */
import type { Random } from './random.ts';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const DEFAULT_NOW = '2026-01-01T00:00:00Z';

export function parseNow(now: string): number {
  const ms = Date.parse(now);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 date: ${now}`);
  return ms;
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));

/** Y-M-D of a day count since the epoch (Hinnant's civil_from_days); Date is too slow here. */
function civilDate(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function twoDigits(n: number): string {
  return TWO_DIGITS[n] as string;
}

/** `YYYY-MM-DD`, `YYYYMMDD` and `HHMM` of a time, for names. */
export function dateParts(ms: number): { date: string; compact: string; time: string } {
  const [year, month, day] = civilDate(Math.floor(ms / DAY));
  const minuteOfDay = Math.floor((((ms % DAY) + DAY) % DAY) / MINUTE);
  const date = `${year}-${twoDigits(month)}-${twoDigits(day)}`;
  return {
    date,
    compact: `${year}${twoDigits(month)}${twoDigits(day)}`,
    time: twoDigits(Math.floor(minuteOfDay / 60)) + twoDigits(minuteOfDay % 60),
  };
}

const ZERO = 0x30;
/** Where a timestamp is spelled out before it becomes one string. */
const stamp = Buffer.allocUnsafe(32);

function spellTwoDigits(target: Uint8Array, at: number, n: number): void {
  target[at] = ZERO + Math.floor(n / 10);
  target[at + 1] = ZERO + (n % 10);
}

/**
 * Glance's format as Nova shows it, seconds precision and `Z` (`${year}-MM-DDTHH:MM:SSZ`), spelled
 * at `at`; returns its length (20 for a year of four digits).
 */
export function spellIsoSeconds(target: Uint8Array, at: number, ms: number): number {
  const [year, month, day] = civilDate(Math.floor(ms / DAY));
  const secondOfDay = Math.floor((((ms % DAY) + DAY) % DAY) / SECOND);
  let end = at;
  if (year >= 1000 && year <= 9999) {
    spellTwoDigits(target, at, Math.floor(year / 100));
    spellTwoDigits(target, at + 2, year % 100);
    end += 4;
  } else {
    const yearText = String(year);
    for (let i = 0; i < yearText.length; i++) target[end++] = yearText.charCodeAt(i);
  }
  target[end] = 0x2d;
  spellTwoDigits(target, end + 1, month);
  target[end + 3] = 0x2d;
  spellTwoDigits(target, end + 4, day);
  target[end + 6] = 0x54;
  spellTwoDigits(target, end + 7, Math.floor(secondOfDay / 3600));
  target[end + 9] = 0x3a;
  spellTwoDigits(target, end + 10, Math.floor((secondOfDay % 3600) / 60));
  target[end + 12] = 0x3a;
  spellTwoDigits(target, end + 13, secondOfDay % 60);
  target[end + 15] = 0x5a;
  return end + 16 - at;
}

/** `spellIsoSeconds` as a string. */
export function isoSeconds(ms: number): string {
  return stamp.toString('latin1', 0, spellIsoSeconds(stamp, 0, ms));
}

/** A whole second in [from, to]; `to` wins when the window is empty. */
export function drawTime(random: Random, from: number, to: number): number {
  if (to <= from) return to - (to % SECOND);
  return random.int(Math.ceil(from / SECOND), Math.floor(to / SECOND)) * SECOND;
}
