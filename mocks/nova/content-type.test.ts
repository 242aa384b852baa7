import { describe, expect, it } from 'vitest';
import { thrown } from '../../tests/support/thrown.ts';
import { assertAcceptedContentType, parseJsonBody, responseContentType } from './content-type.ts';
import { NovaFault } from './faults.ts';

const faultOf = (run: () => unknown): NovaFault => thrown(NovaFault, run);

describe('assertAcceptedContentType (§4.4)', () => {
  it.each([
    null,
    '',
    'text/plain',
    'text/plain; charset=UTF-8',
    'application/json',
    'application/json; charset=UTF-8',
    'application/vnd.openstack.compute+json',
    'application/vnd.openstack.compute+json;version=2.1',
  ])('accepts %j', (contentType) => {
    expect(() => assertAcceptedContentType(contentType)).not.toThrow();
  });

  it.each([
    'application/xml',
    'text/html',
    'application/x-www-form-urlencoded',
    'Application/JSON',
    'application/json ;charset=UTF-8',
    'multipart/form-data; boundary=x',
  ])('refuses %j with a 415', (contentType) => {
    expect(faultOf(() => assertAcceptedContentType(contentType)).toJSON()).toEqual({
      badMediaType: { code: 415, message: 'Unsupported Content-Type' },
    });
  });
});

describe('parseJsonBody (§4.4)', () => {
  it('reads an empty body as null', () => {
    expect(parseJsonBody('')).toBeNull();
  });

  it('parses JSON, the last of duplicate keys winning', () => {
    expect(parseJsonBody('{"metadata": {"a": "1", "a": "2"}}')).toEqual({ metadata: { a: '2' } });
    expect(parseJsonBody('[]')).toEqual([]);
  });

  it('keeps __proto__ as an own key', () => {
    const body = parseJsonBody('{"__proto__": "x"}') as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['__proto__']);
  });

  it.each(['{', '{"metadata": }', '   ', 'metadata', "{'a': 1}"])('refuses %j with a 400', (text) => {
    expect(faultOf(() => parseJsonBody(text)).toJSON()).toEqual({
      badRequest: { code: 400, message: 'Malformed request body' },
    });
  });
});

describe('responseContentType (§4.1)', () => {
  // Expected values from WebOb 1.8.6 acceptable_offers with Nova's two offers.
  it.each([
    [null, 'application/json'],
    ['', 'application/json'],
    ['application/vnd.openstack.compute+json', 'application/vnd.openstack.compute+json'],
    ['application/VND.openstack.compute+json;q=0.8', 'application/vnd.openstack.compute+json'],
    ['application/vnd.openstack.compute+json, application/json', 'application/json'],
    [
      'application/json;q=0.5, application/vnd.openstack.compute+json',
      'application/vnd.openstack.compute+json',
    ],
    ['application/vnd.openstack.compute+json;version=2.1', 'application/json'],
    ['*/*', 'application/json'],
    ['application/*', 'application/json'],
    ['text/html', 'application/json'],
    ['application/vnd.openstack.compute+json;q=abc', 'application/json'],
    ['application/vnd.openstack.compute+json;q=', 'application/json'],
    ['application/json;q=0, */*', 'application/vnd.openstack.compute+json'],
    ['garbage', 'application/json'],
    [
      'application/vnd.openstack.compute+json ; q=1 , application/json;q=0.9',
      'application/vnd.openstack.compute+json',
    ],
    [
      'application/vnd.openstack.compute+json;q=1;foo=bar, application/json;q=0.9',
      'application/vnd.openstack.compute+json',
    ],
    ['application/vnd.openstack.compute+json,', 'application/vnd.openstack.compute+json'],
    ['application/vnd.openstack.compute+json;q=0.0001', 'application/json'],
  ])('Accept %j → %s', (accept, expected) => {
    expect(responseContentType(accept)).toBe(expected);
  });
});
