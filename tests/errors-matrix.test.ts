// Every endpoint × every injectable status: the body real Nova (keystonemiddleware for 401,
// Keystone on identity.tokens) sends, with its headers (behaviour spec §4.2, §4.3, §5.2, §6).
import { describe, expect, it } from 'vitest';
import { INJECTED_500_MESSAGE } from '../mocks/injection/bodies.ts';
import { INJECTABLE_STATUSES } from '../mocks/injection/rules.ts';
import { ENDPOINTS, type Endpoint } from '../mocks/nova/routes.ts';
import { checkedFetch, jsonBody, novaFetch } from './support/client.ts';
import { SAMPLE_PROJECT, useNovaMock } from './support/mock.ts';

const mock = useNovaMock();
const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const api = `${mock.baseUrl}/v2.1/${SAMPLE_PROJECT}`;

const REQUESTS: Record<Endpoint | 'identity.tokens', [string, RequestInit]> = {
  'images.list': [`${api}/images?marker=${IMAGE}`, {}],
  'images.detail': [`${api}/images/detail`, {}],
  'images.show': [`${api}/images/${IMAGE}`, {}],
  'images.delete': [`${api}/images/${IMAGE}`, { method: 'DELETE' }],
  'metadata.list': [`${api}/images/${IMAGE}/metadata`, {}],
  'metadata.show': [`${api}/images/${IMAGE}/metadata/kernel_id`, {}],
  'metadata.create': [`${api}/images/${IMAGE}/metadata`, jsonBody('POST', { metadata: { a: 'b' } })],
  'metadata.replace': [`${api}/images/${IMAGE}/metadata`, jsonBody('PUT', { metadata: { a: 'b' } })],
  'metadata.set': [`${api}/images/${IMAGE}/metadata/a`, jsonBody('PUT', { meta: { a: 'b' } })],
  'metadata.delete': [`${api}/images/${IMAGE}/metadata/kernel_id`, { method: 'DELETE' }],
  'identity.tokens': [
    `${mock.baseUrl}/identity/v3/auth/tokens`,
    jsonBody('POST', {
      auth: { identity: { methods: ['password'], password: { user: { name: 'u', password: 'p' } } } },
    }),
  ],
};

const METADATA_WRITES = ['metadata.create', 'metadata.replace', 'metadata.set'];

/** What real Nova answers for a status on an endpoint: [fault name, message, retryAfter]. */
function expectedFault(status: number, endpoint: string): [string, string, string?] {
  const list = endpoint === 'images.list' || endpoint === 'images.detail';
  switch (status) {
    case 400:
      return [
        'badRequest',
        'The server could not comply with the request since it is either malformed or otherwise incorrect.',
      ];
    case 403:
      if (endpoint === 'images.delete') return ['forbidden', 'You are not allowed to delete the image.'];
      if (endpoint === 'images.list')
        return ['forbidden', `HTTP 403 Forbidden: Forbidding request, image ${IMAGE} not visible`];
      if (endpoint === 'images.detail') return ['forbidden', 'Access was denied to this resource.'];
      return ['forbidden', `Not authorized for image ${IMAGE}.`];
    case 404:
      return ['itemNotFound', list ? 'The resource could not be found.' : 'Image not found.'];
    case 409:
      return ['conflictingRequest', 'There was a conflict when trying to complete your request.'];
    case 413:
      return METADATA_WRITES.includes(endpoint)
        ? ['overLimit', 'Image metadata limit exceeded', '0']
        : ['overLimit', 'This request was rate-limited.', '0'];
    case 429:
      return ['overLimit', 'This request was rate-limited.', '60'];
    case 500:
      return ['computeFault', INJECTED_500_MESSAGE];
    default:
      return ['serviceUnavailable', 'The server is currently unavailable. Please try again at a later time.'];
  }
}

const withHeader = (init: RequestInit, value: string): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), 'x-mock-error': value },
});

describe('injected statuses on every Nova endpoint', () => {
  for (const endpoint of ENDPOINTS) {
    it(`${endpoint}: each status has Nova's body and headers; network drops the connection`, async () => {
      const [url, init] = REQUESTS[endpoint];
      const before = mock.store.records();
      for (const status of INJECTABLE_STATUSES) {
        if (status === 401) {
          const response = await checkedFetch(url, withHeader(init, '401'));
          expect(response.status).toBe(401);
          expect(await response.json()).toEqual({
            error: {
              code: 401,
              title: 'Unauthorized',
              message: 'The request you have made requires authentication.',
            },
          });
          expect(response.headers.get('www-authenticate')).toBe(
            'Keystone uri="http://openstack.example.com/identity"',
          );
          expect(response.headers.get('x-openstack-request-id')).toMatch(/^req-/);
          expect(response.headers.get('openstack-api-version')).toBeNull();
          continue;
        }
        // novaFetch validates the fault shape (§4.2) of every application/json; charset=UTF-8 reply.
        const reply = await novaFetch(url, withHeader(init, String(status)));
        const [name, message, retryAfter] = expectedFault(status, endpoint);
        expect(reply.status, `${endpoint} ${status}`).toBe(status);
        expect(reply.headers.get('content-type')).toBe('application/json; charset=UTF-8');
        const detail: Record<string, unknown> = { code: status, message };
        if (retryAfter !== undefined) detail.retryAfter = retryAfter;
        expect(reply.json).toEqual({ [name]: detail });
        expect(reply.headers.get('retry-after')).toBe(retryAfter ?? null);
        expect(reply.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/);
        expect(reply.headers.get('x-compute-request-id')).toBe(reply.headers.get('x-openstack-request-id'));
        expect(reply.headers.get('openstack-api-version')).toBe('compute 2.1');
        expect(reply.headers.get('x-openstack-nova-api-version')).toBe('2.1');
      }
      await expect(checkedFetch(url, withHeader(init, 'network'))).rejects.toThrow();
      // Nothing was executed: not one write reached the store.
      expect(mock.store.records()).toEqual(before);
    });
  }

  it('echoes the negotiated microversion on an injected fault, and none on /v2', async () => {
    const reply = await novaFetch(`${api}/images/${IMAGE}`, {
      headers: { 'openstack-api-version': 'compute 2.30', 'x-mock-error': '404' },
    });
    expect(reply.headers.get('openstack-api-version')).toBe('compute 2.30');
    const legacy = await novaFetch(`${mock.baseUrl}/v2/${SAMPLE_PROJECT}/images/${IMAGE}`, {
      headers: { 'x-mock-error': '404' },
    });
    expect(legacy.status).toBe(404);
    expect(legacy.headers.get('openstack-api-version')).toBeNull();
  });

  it('a custom message replaces the text, and retry-after the Retry-After', async () => {
    const reply = await novaFetch(
      `${api}/images/${IMAGE}?__mock_error=429,retry-after=5,message=Slow down, please`,
    );
    expect(reply.json).toEqual({ overLimit: { code: 429, message: 'Slow down, please', retryAfter: '5' } });
    expect(reply.headers.get('retry-after')).toBe('5');
  });
});

describe('injected statuses on identity.tokens (Keystone error bodies)', () => {
  const TITLES: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    413: 'Request Entity Too Large',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
  };

  it('answers each status as {"error": {code, title, message}}; 401 with WWW-Authenticate', async () => {
    const [url, init] = REQUESTS['identity.tokens'];
    for (const status of INJECTABLE_STATUSES) {
      const response = await checkedFetch(url, withHeader(init, `identity.tokens=${status}`));
      expect(response.status).toBe(status);
      expect(response.headers.get('x-subject-token')).toBeNull();
      const body = (await response.json()) as { error: { code: number; title: string; message: string } };
      expect(Object.keys(body)).toEqual(['error']);
      expect(body.error).toMatchObject({ code: status, title: TITLES[status] });
      expect(body.error.message).toEqual(expect.any(String));
      if (status === 401) {
        expect(body.error.message).toBe('The request you have made requires authentication.');
        expect(response.headers.get('www-authenticate')).toBe(
          'Keystone uri="http://openstack.example.com/identity"',
        );
      }
      if (status === 413 || status === 429) expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    await expect(checkedFetch(url, withHeader(init, 'network'))).rejects.toThrow();
    expect((await checkedFetch(url, init)).status).toBe(201);
  });

  it('rules for Nova endpoints never touch Keystone, nor the control plane', async () => {
    mock.errors.add('images.*|metadata.*=503');
    const [url, init] = REQUESTS['identity.tokens'];
    expect((await checkedFetch(url, init)).status).toBe(201);
    mock.errors.add('*=500');
    expect((await checkedFetch(url, init)).status).toBe(500);
    expect((await checkedFetch(`${mock.baseUrl}/__mock/errors`)).status).toBe(200);
  });
});
