import { describe, expect, it } from 'vitest';
import { bodyTooLarge, routeNotFound } from './webob.ts';

describe('WebOb error bodies follow Accept (§2.4, §7)', () => {
  it.each([
    [null, 'text/plain; charset=UTF-8'],
    ['', 'text/plain; charset=UTF-8'],
    ['*/*', 'text/html; charset=UTF-8'],
    ['text/html', 'text/html; charset=UTF-8'],
    ['application/json', 'application/json'],
    ['application/*', 'application/json'],
    ['text/html;q=0.1, application/json;q=0.5', 'application/json'],
    ['application/json, text/html', 'text/html; charset=UTF-8'],
    ['image/png', 'text/plain; charset=UTF-8'],
    ['not a media range', 'text/html; charset=UTF-8'],
  ])('Accept %j → %s', (accept, contentType) => {
    expect(routeNotFound(accept).contentType).toBe(contentType);
  });

  it('names the configured limit in the 413', () => {
    expect(bodyTooLarge(1024, 'application/json').body).toBe(
      JSON.stringify({
        message: 'Request is too large. Larger than max_request_body_size (1024).<br /><br />\n\n\n',
        code: '413 Request Entity Too Large',
        title: 'Request Entity Too Large',
      }),
    );
  });
});
