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

/** A day's date for names: `YYYY-MM-DD` and `YYYYMMDD`. */
export interface DayParts {
  /** Days since the epoch. */
  readonly day: number;
  readonly date: string;
  readonly compact: string;
}

/** The days last asked for, by day modulo its length: a dataset's records share a few years of days. */
const dayParts: (DayParts | undefined)[] = new Array(4096);

/** The date parts of the day of `ms`, made once for each day (while it is among the last asked for). */
export function dayOf(ms: number): DayParts {
  const day = Math.floor(ms / DAY);
  const slot = day & (dayParts.length - 1);
  const known = dayParts[slot];
  if (known !== undefined && known.day === day) return known;
  const [year, month, dayOfMonth] = civilDate(day);
  const parts = {
    day,
    date: `${year}-${twoDigits(month)}-${twoDigits(dayOfMonth)}`,
    compact: `${year}${twoDigits(month)}${twoDigits(dayOfMonth)}`,
  };
  dayParts[slot] = parts;
  return parts;
}

const HOURS_MINUTES = Array.from(
  { length: DAY / MINUTE },
  (_, minute) => twoDigits(Math.floor(minute / 60)) + twoDigits(minute % 60),
);

/** `HHMM` of a time, for names. */
export function hourMinute(ms: number): string {
  return HOURS_MINUTES[Math.floor((((ms % DAY) + DAY) % DAY) / MINUTE)] as string;
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
