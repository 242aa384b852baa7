/**
 * ISO 8601 as Glance reads it (oslo `timeutils.parse_isotime`, i.e. the `iso8601` library):
 * year-only, dates without time, `T` or space separator, optional seconds, fraction and
 * offset; no offset means UTC. Used for `changes-since` and to tell a time from an operator
 * in `name` filters (§11.2).
 */
const ISO8601 = new RegExp(
  '^(?<year>[0-9]{4})(' +
    '(-(?<monthdash>[0-9]{1,2})|(?<month>[0-9]{2})(?!$))' +
    '((-(?<daydash>[0-9]{1,2})|(?<day>[0-9]{2}))' +
    '((?<separator>[ T])(?<hour>[0-9]{2})(:?(?<minute>[0-9]{2}))?' +
    '(:?(?<second>[0-9]{1,2})([.,](?<fraction>[0-9]+))?)?' +
    '(?<timezone>Z|(?<tzsign>[-+])(?<tzhour>[0-9]{2}):?(?<tzminute>[0-9]{2})?)?' +
    ')?)?)?$',
);

/** An instant in UTC, with the microseconds Python keeps. */
export interface Instant {
  epochSeconds: number;
  microseconds: number;
}

const GLANCE_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/**
 * Seconds since the epoch of a valid time in Glance's own format (`YYYY-MM-DDTHH:MM:SSZ`, what
 * nearly every stored time is), read by `Date.parse`; undefined for any other text. Date.parse
 * also reads year 0, `24:00` and February 30, which Glance refuses.
 */
function glanceTimestampSeconds(text: string): number | undefined {
  if (!GLANCE_TIMESTAMP.test(text) || text.startsWith('0000') || text.startsWith('24', 11)) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  // A day past the 28th may not be in its month: Date.parse carries it into the next.
  const day = text.slice(8, 10);
  if (day > '28' && new Date(ms).getUTCDate() !== Number(day)) return undefined;
  return ms / 1000;
}

/** Whether `text` is a valid time in Glance's own format, `YYYY-MM-DDTHH:MM:SSZ`. */
export function isGlanceTimestamp(text: string): boolean {
  return glanceTimestampSeconds(text) !== undefined;
}

/** The instant, or undefined when Glance would refuse the string. */
export function parseIso8601(text: string): Instant | undefined {
  const seconds = glanceTimestampSeconds(text);
  if (seconds !== undefined) return { epochSeconds: seconds, microseconds: 0 };
  const groups = ISO8601.exec(text)?.groups;
  if (groups === undefined) return undefined;
  const int = (value: string | undefined, fallback: number) =>
    value === undefined ? fallback : Number(value);
  const year = int(groups.year, 0);
  const month = int(groups.month ?? groups.monthdash, 1);
  const day = int(groups.day ?? groups.daydash, 1);
  const hour = int(groups.hour, 0);
  const minute = int(groups.minute, 0);
  const second = int(groups.second, 0);
  const offsetMinutes =
    (groups.tzsign === '-' ? -1 : 1) * (int(groups.tzhour, 0) * 60 + int(groups.tzminute, 0));
  if (year < 1 || hour > 23 || minute > 59 || second > 59 || Math.abs(offsetMinutes) >= 24 * 60)
    return undefined;

  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  date.setUTCHours(hour, minute, second, 0);
  return {
    epochSeconds: date.getTime() / 1000 - offsetMinutes * 60,
    microseconds: groups.fraction === undefined ? 0 : Number(groups.fraction.slice(0, 6).padEnd(6, '0')),
  };
}

/** `a >= b`. */
export function isAtOrAfter(a: Instant, b: Instant): boolean {
  return (
    a.epochSeconds > b.epochSeconds || (a.epochSeconds === b.epochSeconds && a.microseconds >= b.microseconds)
  );
}

/** Glance's timestamp format as Nova shows it: `YYYY-MM-DDTHH:MM:SSZ`. */
export function formatTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
