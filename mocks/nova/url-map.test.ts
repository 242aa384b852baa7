import { describe, expect, it } from 'vitest';
import { urlMapFails } from './url-map.ts';

// Measured on Nova 26.2.2: which Accept headers make `GET /v2.1/images` a bare 500.
const FAILING = [';;;,,,q=x', ';', ' ; ', '=x', 'text/html,;', 'application/json, =1'];
const READ = ['a=b', ',,,', '"a;b"', '"x"', 'foo', 'application/json;q=x', '', '*/*'];

describe('urlMapFails', () => {
  it.each(FAILING)('fails on Accept %j', (accept) => {
    expect(urlMapFails(accept, '/v2.1/images')).toBe(true);
  });
  it.each(READ)('reads Accept %j', (accept) => {
    expect(urlMapFails(accept, '/v2.1/images')).toBe(false);
  });
  it('takes the media type from a .json path and never reads Accept there', () => {
    expect(urlMapFails(';;', '/v2.1/images/70a599e0-31e7-49b7-b260-868f441e862b.json')).toBe(false);
  });
  it('has nothing to read without an Accept header', () => {
    expect(urlMapFails(null, '/v2.1/images')).toBe(false);
  });
});
