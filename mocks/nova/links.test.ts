import { describe, expect, it } from 'vitest';
import { NovaFault } from './faults.ts';
import { bookmarkHref, type LinkContext } from './links.ts';

const context = (appUrl: string, projectSegment = ''): LinkContext => ({
  appUrl,
  projectSegment,
  glanceUrl: 'http://glance.example',
});

// Each app URL (`http://<Host as sent><mount>`) as Debian 12's Nova 26.2.2 makes its bookmark:
// common.url_join(common.remove_trailing_version_from_href(url), '', 'images', 'x'), run with
// /usr/bin/python3; null where it raises ValueError.
const BOOKMARKS: [string, string | null][] = [
  ['http://127.0.0.1:8774/v2.1', 'http://127.0.0.1:8774/images/x'],
  ['http://a/b/v2.1', 'http://a/b/images/x'],
  ['http://a/b/compute/v2.1', 'http://a/b/compute/images/x'],
  ['http://a?b/v2.1', null],
  ['http://a?b/v2', null],
  ['http://a#b/v2.1', null],
  ['http://a@b/v2.1', 'http://a@b/images/x'],
  ['http:///v2.1', 'http:/images/x'],
  ['http:///compute/v2.1', 'http:///compute/images/x'],
  ['http://a,b/v2.1', 'http://a,b/images/x'],
  ['http://a\tb/v2.1', 'http://ab/images/x'],
  ['http://a//v2.1', 'http://a/images/x'],
  ['http://a/v2.1/v2.1', 'http://a/v2.1/images/x'],
  ['http://x/v2.1?q/v2.1', 'http://x?q/v2.1/images/x'],
  ['http://x/v2.1?q/v2', 'http://x?q/v2/images/x'],
  ['http://[::1]:80/v2.1', 'http://[::1]:80/images/x'],
  ['http://[::1/v2.1', null],
  ['http://a b/v2.1', 'http://a b/images/x'],
  ['http://\u2100/v2.1', null],
];

describe('bookmarkHref (§8.4), as Nova builds it from the Host as sent', () => {
  it.each(BOOKMARKS)('%j → %j', (appUrl, expected) => {
    if (expected !== null) {
      expect(bookmarkHref(context(appUrl), 'images/x')).toBe(expected);
      return;
    }
    let fault: unknown;
    try {
      bookmarkHref(context(appUrl), 'images/x');
    } catch (error) {
      fault = error;
    }
    expect(fault).toBeInstanceOf(NovaFault);
    expect((fault as NovaFault).status).toBe(500);
    expect((fault as NovaFault).message).toContain("<class 'ValueError'>");
  });

  it('keeps a run of slashes inside the path as Nova does, in time linear in it (a Host is the client’s)', () => {
    // 200,000 slashes: with /\/+$/ this took minutes (3.5 s a request for 15,000), now a few ms.
    const run = '/'.repeat(200_000);
    expect(bookmarkHref(context(`http://a/x${run}y/v2.1`), 'images/x')).toBe(`http://a/x${run}y/images/x`);
    expect(bookmarkHref(context(`http://a/${run}x${run}/v2.1`), 'images/x')).toBe('http://a/x/images/x');
  });

  it('puts the project segment after the base', () => {
    expect(bookmarkHref(context('http://a/b/v2.1', 'p1'), 'images/x')).toBe('http://a/b/p1/images/x');
  });
});
