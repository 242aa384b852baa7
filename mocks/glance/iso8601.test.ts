/**
 * A time in Glance's own format (`YYYY-MM-DDTHH:MM:SSZ`) is read by a shorter path than any other
 * ISO 8601 text: it must read each one as the general path reads the same time written another
 * way, and refuse what Glance refuses.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../generators/random.ts';
import { isGlanceTimestamp, parseIso8601 } from './iso8601.ts';

describe('parseIso8601 on Glance timestamps', () => {
  it('reads each as the same time written with an offset', () => {
    const random = new Random();
    random.seed([1, 9, 7, 0]);
    for (let n = 0; n < 3000; n++) {
      const year = String(random.int(1, 9999)).padStart(4, '0');
      const month = String(random.int(1, 12)).padStart(2, '0');
      const day = String(random.int(1, 31)).padStart(2, '0');
      const clock = [random.int(0, 24), random.int(0, 59), random.int(0, 60)]
        .map((part) => String(part).padStart(2, '0'))
        .join(':');
      const text = `${year}-${month}-${day}T${clock}`;
      const general = parseIso8601(`${text}+00:00`);
      expect(parseIso8601(`${text}Z`), text).toEqual(general);
      expect(isGlanceTimestamp(`${text}Z`), text).toBe(general !== undefined);
    }
  });

  it('refuses what Glance refuses and Date.parse reads', () => {
    for (const text of [
      '2026-02-30T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-01-00T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '0000-01-01T00:00:00Z',
      '2026-01-01T23:59:60Z',
      '2026-13-01T00:00:00Z',
    ]) {
      expect(parseIso8601(text), text).toBeUndefined();
      expect(isGlanceTimestamp(text), text).toBe(false);
    }
    expect(parseIso8601('2024-02-29T12:34:56Z')).toEqual({ epochSeconds: 1709210096, microseconds: 0 });
    expect(parseIso8601('0001-01-01T00:00:00Z')).toEqual({ epochSeconds: -62135596800, microseconds: 0 });
  });
});
