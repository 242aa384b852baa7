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

describe('the journal ring', () => {
  it('keeps long paths, notes and the newest entries across wrapping and clearing', () => {
    let ms = Date.parse('2026-01-01T00:00:00Z');
    const journal = new Journal({ size: 2, clock: () => new Date(ms++) });
    const long = `/v2.1/images?name=${'x'.repeat(500)}`;
    const noted = new Request(`http://127.0.0.1:8774${long}`, { method: 'POST' });
    journal.note(noted, { endpoint: 'images.list' });
    journal.note(noted, { injected: true, rule: 'r1', delayMs: 25 });
    journal.record(new Request('http://127.0.0.1:8774/v2.1/images/a'), { status: 200 }, journal.now());
    journal.record(noted, { status: 503 }, journal.now());
    journal.record(new Request('http://127.0.0.1:8774/v2.1/images/%C3%A9'), { status: 404 }, journal.now());
    expect(journal.entries()).toEqual([
      {
        time: '2026-01-01T00:00:00.001Z',
        method: 'POST',
        path: long,
        status: 503,
        endpoint: 'images.list',
        injected: true,
        rule: 'r1',
        delayMs: 25,
      },
      {
        time: '2026-01-01T00:00:00.002Z',
        method: 'GET',
        path: '/v2.1/images/%C3%A9',
        status: 404,
        endpoint: null,
        injected: false,
      },
    ]);
    // The slot the long path and the rule held, written over by a plain entry.
    journal.record(new Request('http://127.0.0.1:8774/v2.1/images/b'), { status: 200 }, journal.now());
    expect(journal.entries().map(({ path, rule }) => [path, rule])).toEqual([
      ['/v2.1/images/%C3%A9', undefined],
      ['/v2.1/images/b', undefined],
    ]);
    journal.clear();
    expect(journal.entries()).toEqual([]);
    journal.record(new Request('http://127.0.0.1:8774/v2.1'), { status: 200 }, journal.now());
    expect(journal.entries().map((entry) => entry.path)).toEqual(['/v2.1']);
  });
});
