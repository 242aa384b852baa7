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

/** Glance's format as Nova shows it: seconds precision, `Z`. */
export function isoSeconds(ms: number): string {
  const [year, month, day] = civilDate(Math.floor(ms / DAY));
  const secondOfDay = Math.floor((((ms % DAY) + DAY) % DAY) / SECOND);
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  return `${year}-${twoDigits(month)}-${twoDigits(day)}T${twoDigits(hour)}:${twoDigits(minute)}:${twoDigits(secondOfDay % 60)}Z`;
}

/** A whole second in [from, to]; `to` wins when the window is empty. */
export function drawTime(random: Random, from: number, to: number): number {
  if (to <= from) return to - (to % SECOND);
  return random.int(Math.ceil(from / SECOND), Math.floor(to / SECOND)) * SECOND;
}
