import { describe, expect, it } from 'vitest';
import { plainHref } from './request-href.ts';

const HOSTS = [
  '127.0.0.1:8774',
  'localhost',
  'compute.example:8774',
  'COMPUTE.example',
  'compute.example:80',
  '127.1',
  '[::1]:8774',
  '[0:0::1]',
  'user:pass@compute.example',
  'bad host',
  '',
];
const TARGETS = [
  '/v2.1/images/cedef40a-ed67-4d10-800e-17455edce175',
  '/v2.1/images/detail?limit=100',
  '/v2.1/images/detail?changes-since=2026-01-01T00%3A00%3A00Z&limit=2',
  '/v2.1/images/detail?name=a%20b;marker=x',
  '/v2.1/images/x/../y',
  '/v2.1/./images',
  '/v2.1/images/..',
  '/v2.1/images/.?a=1',
  '/v2.1/images/%2e%2e/x',
  '/v2.1/images/a%2Fb',
  "/v2.1/images?name='quoted'",
  '/v2.1/images?name=a b',
  '/v2.1/images/\u00e9',
  '/v2.1/images\\x',
  '/v2.1/images/{id}',
  '//v2.1/images',
  '/v2.1/images?',
  '/v2.1/images?a=?b/c',
  '/',
  '/v2.1/images/x:y@z!$&()*+,=',
];

describe('plainHref', () => {
  it('is what the URL parser writes, wherever it answers', () => {
    let answered = 0;
    for (const host of HOSTS) {
      for (const target of TARGETS) {
        const plain = plainHref(host, target);
        if (plain === undefined) continue;
        answered++;
        expect(plain, `${host} ${target}`).toBe(new URL(`http://${host}${target}`).href);
      }
    }
    // The common requests are answered without a parse.
    expect(plainHref('127.0.0.1:8774', TARGETS[0] as string)).toBe(`http://127.0.0.1:8774${TARGETS[0]}`);
    expect(plainHref('compute.example:8774', TARGETS[2] as string)).toBeDefined();
    expect(answered).toBeGreaterThan(20);
  });

  it('leaves to the parser what it changes', () => {
    for (const host of [
      'COMPUTE.example',
      'compute.example:80',
      '127.1',
      '[0:0::1]',
      'user:pass@x',
      'bad host',
    ])
      expect(plainHref(host, '/v2.1/images'), host).toBeUndefined();
    for (const target of [
      '/v2.1/images/x/../y',
      '/v2.1/./images',
      '/v2.1/images/%2e%2e/x',
      "/v2.1/images?name='q'",
      '/v2.1/images/{id}',
    ])
      expect(plainHref('127.0.0.1:8774', target), target).toBeUndefined();
  });
});
