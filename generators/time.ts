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
/** Where a timestamp is spelled out before it becomes one string (a template would join eleven). */
const stamp = Buffer.allocUnsafe(32);

function spellTwoDigits(at: number, n: number): void {
  stamp[at] = ZERO + Math.floor(n / 10);
  stamp[at + 1] = ZERO + (n % 10);
}

/** The last decimal digit of the whole part of `n`, as a character code. */
const digit = (n: number): number => ZERO + (Math.floor(n) % 10);

/** `isoSeconds` of a year with four digits, made in one call (half the time of the buffer's). */
function fourDigitYearStamp(year: number, month: number, day: number, secondOfDay: number): string {
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  const second = secondOfDay % 60;
  return String.fromCharCode(
    digit(year / 1000),
    digit(year / 100),
    digit(year / 10),
    digit(year),
    0x2d,
    digit(month / 10),
    digit(month),
    0x2d,
    digit(day / 10),
    digit(day),
    0x54,
    digit(hour / 10),
    digit(hour),
    0x3a,
    digit(minute / 10),
    digit(minute),
    0x3a,
    digit(second / 10),
    digit(second),
    0x5a,
  );
}

/** Glance's format as Nova shows it: seconds precision, `Z` (`${year}-MM-DDTHH:MM:SSZ`). */
export function isoSeconds(ms: number): string {
  const [year, month, day] = civilDate(Math.floor(ms / DAY));
  const secondOfDay = Math.floor((((ms % DAY) + DAY) % DAY) / SECOND);
  if (year >= 1000 && year <= 9999) return fourDigitYearStamp(year, month, day, secondOfDay);
  const yearText = String(year);
  let at = 0;
  for (; at < yearText.length; at++) stamp[at] = yearText.charCodeAt(at);
  stamp[at] = 0x2d;
  spellTwoDigits(at + 1, month);
  stamp[at + 3] = 0x2d;
  spellTwoDigits(at + 4, day);
  stamp[at + 6] = 0x54;
  spellTwoDigits(at + 7, Math.floor(secondOfDay / 3600));
  stamp[at + 9] = 0x3a;
  spellTwoDigits(at + 10, Math.floor((secondOfDay % 3600) / 60));
  stamp[at + 12] = 0x3a;
  spellTwoDigits(at + 13, secondOfDay % 60);
  stamp[at + 15] = 0x5a;
  at += 16;
  return stamp.toString('latin1', 0, at);
}

/** A whole second in [from, to]; `to` wins when the window is empty. */
export function drawTime(random: Random, from: number, to: number): number {
  if (to <= from) return to - (to % SECOND);
  return random.int(Math.ceil(from / SECOND), Math.floor(to / SECOND)) * SECOND;
}
