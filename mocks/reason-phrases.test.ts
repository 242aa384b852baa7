import { STATUS_CODES } from 'node:http';
import { describe, expect, it } from 'vitest';
import { REASON_PHRASES, withReasonPhrase } from './reason-phrases.ts';

describe('reason phrases', () => {
  it("are node:http's, but for WebOb's 413 phrase that Nova sends (issue #10 class 9)", () => {
    for (const [status, phrase] of Object.entries(REASON_PHRASES)) {
      expect(phrase).toBe(status === '413' ? 'Request Entity Too Large' : STATUS_CODES[status]);
    }
  });

  it('are added to a response without one, keeping status, headers and body', async () => {
    const response = withReasonPhrase(
      new Response('{"itemNotFound": {}}', { status: 404, headers: { 'x-openstack-request-id': 'req-1' } }),
    );
    expect([response.status, response.statusText]).toEqual([404, 'Not Found']);
    expect(response.headers.get('x-openstack-request-id')).toBe('req-1');
    expect(await response.text()).toBe('{"itemNotFound": {}}');
  });

  it('leave a response that has one alone', () => {
    const response = new Response(null, { status: 204, statusText: 'Nothing' });
    expect(withReasonPhrase(response)).toBe(response);
  });
});
