import { describe, expect, it } from 'vitest';
import { plainHeaderLines, ReceivedHeaders } from './received-headers.ts';

/** A fetch Headers made from the same lines, as the server made it before. */
function fetchHeaders(raw: string[]): Headers {
  const headers = new Headers();
  for (let index = 0; index + 1 < raw.length; index += 2)
    headers.append(raw[index] ?? '', raw[index + 1] ?? '');
  return headers;
}

const LINES = [
  'Host',
  '127.0.0.1:8774',
  'X-Auth-Token',
  'gAAAAAB-token',
  'Accept',
  'application/json',
  'accept',
  'text/html;q=0.5',
  'Cookie',
  'a=1',
  'COOKIE',
  'b=2',
  'X-Padded',
  ' \tspaced value\t ',
  'X-Empty',
  '',
  'OpenStack-API-Version',
  'compute 2.35',
  'X-Latin1',
  'caf\u00e9',
];
const NAMES = [
  'host',
  'HOST',
  'x-auth-token',
  'accept',
  'cookie',
  'x-padded',
  'x-empty',
  'openstack-api-version',
  'OpenStack-API-Version',
  'x-latin1',
  'content-type',
  'x-openstack-nova-api-version',
];

describe('ReceivedHeaders', () => {
  it('reads every name as a fetch Headers made from the same lines does', () => {
    const received = new ReceivedHeaders(LINES);
    const made = fetchHeaders(LINES);
    for (const name of NAMES) {
      expect(received.get(name), name).toBe(made.get(name));
      expect(received.has(name), name).toBe(made.has(name));
    }
    expect(received.get('accept')).toBe('application/json, text/html;q=0.5');
    expect(received.get('cookie')).toBe('a=1; b=2');
    expect(received.get('x-padded')).toBe('spaced value');
  });

  it('gives the pairs the fetch Headers gives, which a Request made from them keeps', () => {
    const received = new ReceivedHeaders(LINES);
    expect([...received]).toEqual([...fetchHeaders(LINES)]);
    const request = new Request('http://mock.example/v2.1/images', { headers: [...received] });
    expect([...request.headers]).toEqual([...fetchHeaders(LINES)]);
    expect(request.headers.get('cookie')).toBe('a=1; b=2');
  });

  it('takes only lines a fetch Headers keeps as they are', () => {
    expect(plainHeaderLines(LINES)).toBe(true);
    expect(plainHeaderLines(['X-Bad', 'a\u0000b'])).toBe(false);
    expect(plainHeaderLines(['X-Bad', 'a\u0001b'])).toBe(false);
    expect(plainHeaderLines(['X-Bad', 'a\u007fb'])).toBe(false);
    expect(plainHeaderLines(['Bad Name', 'x'])).toBe(false);
    expect(plainHeaderLines(['X-Wide', '\u0100'])).toBe(false);
  });
});
