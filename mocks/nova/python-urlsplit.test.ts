import { describe, expect, it } from 'vitest';
import { urlsplit, urlunsplit } from './python-urlsplit.ts';

// Each host as Debian 12's /usr/bin/python3 (3.11.2) answers `urlsplit('http://<host>/v2.1')`.
const RAISES = ['[::1', 'a[b', 'x]', '[', '[x]', '][', '[1.2.3.4]', '[fe80::1%]', '[::1]x', '\u2100'];
const SPLITS = [
  '[::1]:80',
  '[::1]',
  '127.0.0.1:80',
  '[v1.x]',
  '[fe80::1%eth0]',
  'u@[::1]',
  '[::1]:x',
  'example.com',
  '\u00e9.example',
];

describe('urlsplit', () => {
  it.each(RAISES)('raises for the host %s', (host) => {
    expect(urlsplit(`http://${host}/v2.1`)).toBeUndefined();
  });

  it.each(SPLITS)('splits the host %s', (host) => {
    expect(urlsplit(`http://${host}/v2.1`)).toEqual({
      scheme: 'http',
      netloc: host,
      path: '/v2.1',
      query: '',
      fragment: '',
    });
  });

  // As Python 3.11.2 splits them.
  it.each([
    ['HTTP://a?b/v2.1', { scheme: 'http', netloc: 'a', path: '', query: 'b/v2.1', fragment: '' }],
    ['http://a#b/v2.1?q', { scheme: 'http', netloc: 'a', path: '', query: '', fragment: 'b/v2.1?q' }],
    ['http://a/b?c#d', { scheme: 'http', netloc: 'a', path: '/b', query: 'c', fragment: 'd' }],
    [' \x01http://a\tb/v\n2', { scheme: 'http', netloc: 'ab', path: '/v2', query: '', fragment: '' }],
    ['http:///v2.1', { scheme: 'http', netloc: '', path: '/v2.1', query: '', fragment: '' }],
  ])('splits %j', (url, parts) => {
    expect(urlsplit(url)).toEqual(parts);
  });
});

describe('urlunsplit', () => {
  // As Python 3.11.2 joins them.
  it.each([
    [{ scheme: 'http', netloc: 'a', path: 'b', query: '', fragment: '' }, 'http://a/b'],
    [{ scheme: 'http', netloc: '', path: '', query: '', fragment: '' }, 'http://'],
    [{ scheme: 'http', netloc: '', path: '//x', query: '', fragment: '' }, 'http://x'],
    [{ scheme: 'http', netloc: 'x', path: '', query: 'q/v2', fragment: 'f' }, 'http://x?q/v2#f'],
    [{ scheme: '', netloc: '', path: 'p', query: '', fragment: '' }, 'p'],
  ])('joins %j as %j', (parts, url) => {
    expect(urlunsplit(parts)).toBe(url);
  });
});
