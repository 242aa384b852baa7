import { describe, expect, it } from 'vitest';
import { urlsplitRaises } from './python-urlsplit.ts';

// Each host as Debian 12's /usr/bin/python3 (3.11.2) answers `urlsplit('http://<host>/v2.1')`.
const RAISES = ['[::1', 'a[b', 'x]', '[', '[x]', '][', '[1.2.3.4]', '[fe80::1%]', '[::1]x'];
const SPLITS = [
  '[::1]:80',
  '[::1]',
  '127.0.0.1:80',
  '[v1.x]',
  '[fe80::1%eth0]',
  'u@[::1]',
  '[::1]:x',
  'example.com',
];

describe('urlsplitRaises', () => {
  it.each(RAISES)('raises for the host %s', (host) => {
    expect(urlsplitRaises(`http://${host}/v2.1`)).toBe(true);
  });
  it.each(SPLITS)('splits the host %s', (host) => {
    expect(urlsplitRaises(`http://${host}/v2.1`)).toBe(false);
  });
});
