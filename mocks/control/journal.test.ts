import { describe, expect, it } from 'vitest';
import { Journal } from './journal.ts';

describe('the request journal', () => {
  it('keeps the newest entries up to its size, oldest first, with path and query as sent', () => {
    const journal = new Journal({ size: 3, clock: () => new Date('2026-01-01T00:00:00Z') });
    for (let n = 1; n <= 10; n++) {
      journal.record(
        new Request(`http://127.0.0.1:8774/v2.1/images?limit=${n}`),
        new Response(null, { status: 200 }),
        journal.now(),
      );
    }
    expect(journal.entries().map((entry) => entry.path)).toEqual([
      '/v2.1/images?limit=8',
      '/v2.1/images?limit=9',
      '/v2.1/images?limit=10',
    ]);
    expect(journal.entries()[0]).toEqual({
      time: '2026-01-01T00:00:00.000Z',
      method: 'GET',
      path: '/v2.1/images?limit=8',
      status: 200,
      endpoint: null,
      injected: false,
    });
  });

  it('records a dropped connection as status 0', () => {
    const journal = new Journal();
    journal.record(new Request('http://localhost/v2.1/images/x'), Response.error(), journal.now());
    expect(journal.entries()[0]?.status).toBe(0);
  });
});
