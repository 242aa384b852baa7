import type { RuleEndpoint } from '../../mocks/browser.ts';
import { type Headline, headlineFor } from './headlines.ts';

/**
 * Keystone and Nova as any real app talks to them: password → token, the compute endpoint from
 * the catalog, then the images API with `X-Auth-Token`. Every failure becomes an ApiError that
 * carries the status and the server's own message.
 */

export class ApiError extends Error {
  readonly headline: Headline;

  constructor(
    /** 0 when the request never got an answer. */
    readonly status: number,
    message: string,
    /** The call that failed, named as error-injection rules name it. */
    readonly endpoint: RuleEndpoint,
    /** Seconds, from the answer's Retry-After. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
    this.headline = headlineFor(status, endpoint, message);
  }
}

export interface Session {
  token: string;
  /** The compute endpoint from the catalog, e.g. `http://127.0.0.1:5173/v2.1/6f70…`. */
  computeUrl: string;
  /** The image (Glance) endpoint from the catalog, e.g. `http://127.0.0.1:5173/image`. */
  imageUrl?: string;
  user: string;
  project: { id: string; name: string };
  expiresAt: string;
}

export interface ImageLink {
  rel: string;
  href: string;
  type?: string;
}

export interface ImageDetail {
  id: string;
  name: string | null;
  status: string;
  progress: number;
  minRam: number;
  minDisk: number;
  created: string | null;
  updated: string | null;
  metadata: Record<string, unknown>;
  links: ImageLink[];
  'OS-EXT-IMG-SIZE:size': number;
  'OS-DCF:diskConfig'?: string;
  server?: { id: string; links: ImageLink[] };
}

export interface ImagePage {
  images: ImageDetail[];
  /** The marker of `images_links[rel=next]`, when Nova gave one. */
  nextMarker?: string;
}

export type Metadata = Record<string, string | null>;

/** Nova's fault (`{"itemNotFound": {"message": …}}`), Keystone's error or WebOb's page: the message. */
export function messageOf(text: string, fallback: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const plain = text.trim().split('\n').filter(Boolean);
    return plain.length > 1 ? (plain[1] ?? fallback).trim() : fallback;
  }
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    if (typeof record.message === 'string') return record.message.replace(/<br \/>/g, ' ').trim();
    for (const value of Object.values(record)) {
      if (
        value &&
        typeof value === 'object' &&
        typeof (value as { message?: unknown }).message === 'string'
      ) {
        return (value as { message: string }).message;
      }
    }
  }
  return fallback;
}

/** A fetch that an AbortSignal may cancel: the caller checks `signal.aborted` and drops the result. */
async function send(endpoint: RuleEndpoint, url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new ApiError(0, (error as Error).message || 'Failed to fetch', endpoint);
  }
  if (!response.ok) {
    const message = messageOf(await response.text(), `${response.status} ${response.statusText}`);
    const retryAfter = response.headers.get('retry-after');
    throw new ApiError(
      response.status,
      message,
      endpoint,
      retryAfter === null || retryAfter === '' ? undefined : Number(retryAfter),
    );
  }
  return response;
}

interface CatalogEntry {
  type: string;
  endpoints: { interface: string; url: string; region?: string }[];
}

/** Keystone v3 password authentication, scoped to a project; the compute endpoint from the catalog. */
export async function login(
  identityUrl: string,
  user: string,
  password: string,
  project: string,
): Promise<Session> {
  const response = await send('identity.tokens', `${identityUrl.replace(/\/+$/, '')}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: user, domain: { id: 'default' }, password } },
        },
        scope: { project: { name: project, domain: { id: 'default' } } },
      },
    }),
  });
  const token = response.headers.get('x-subject-token');
  if (!token) throw new ApiError(502, 'Keystone sent no X-Subject-Token', 'identity.tokens');
  const body = (await response.json()) as {
    token: { expires_at: string; project: { id: string; name: string }; catalog?: CatalogEntry[] };
  };
  const publicUrl = (type: string) =>
    body.token.catalog
      ?.find((service) => service.type === type)
      ?.endpoints.find((endpoint) => endpoint.interface === 'public')?.url;
  const compute = publicUrl('compute');
  if (!compute) throw new ApiError(502, 'The catalog has no public compute endpoint', 'identity.tokens');
  return {
    token,
    computeUrl: compute.replace(/\/+$/, ''),
    imageUrl: publicUrl('image')?.replace(/\/+$/, ''),
    user,
    project: { id: body.token.project.id, name: body.token.project.name },
    expiresAt: body.token.expires_at,
  };
}

export class NovaClient {
  constructor(
    readonly session: Session,
    /** Cancels every call in flight, e.g. when the user has moved on to another page. */
    private readonly signal?: AbortSignal,
  ) {}

  private async call(endpoint: RuleEndpoint, method: string, url: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-auth-token': this.session.token,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return send(endpoint, url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: this.signal,
    });
  }

  private url(path: string): string {
    return `${this.session.computeUrl}${path}`;
  }

  private imageUrl(id: string, rest = ''): string {
    return this.url(`/images/${encodeURIComponent(id)}${rest}`);
  }

  /** One page of `GET /images/detail`: these filters and page size, after `marker` if given. */
  async page(query: URLSearchParams): Promise<ImagePage> {
    const text = query.toString();
    const url = this.url(`/images/detail${text ? `?${text}` : ''}`);
    const body = (await (await this.call('images.detail', 'GET', url)).json()) as {
      images: ImageDetail[];
      images_links?: ImageLink[];
    };
    const next = body.images_links?.find((link) => link.rel === 'next')?.href;
    // Nova's next link carries the marker to continue from (the last image of this page).
    return {
      images: body.images,
      nextMarker: next ? (new URL(next).searchParams.get('marker') ?? undefined) : undefined,
    };
  }

  /** Glance v2's record of the image, through the catalog's image endpoint. */
  async glanceImage(id: string): Promise<Record<string, unknown>> {
    if (!this.session.imageUrl)
      throw new ApiError(0, 'The catalog has no image endpoint', 'glance.images.show');
    const url = `${this.session.imageUrl}/v2/images/${encodeURIComponent(id)}`;
    return (await (await this.call('glance.images.show', 'GET', url)).json()) as Record<string, unknown>;
  }

  async image(id: string): Promise<ImageDetail> {
    const response = await this.call('images.show', 'GET', this.imageUrl(id));
    return ((await response.json()) as { image: ImageDetail }).image;
  }

  async deleteImage(id: string): Promise<void> {
    await this.call('images.delete', 'DELETE', this.imageUrl(id));
  }

  async metadata(id: string): Promise<Metadata> {
    const response = await this.call('metadata.list', 'GET', this.imageUrl(id, '/metadata'));
    return ((await response.json()) as { metadata: Metadata }).metadata;
  }

  /** POST: merge these keys into the image's metadata. */
  async addMetadata(id: string, metadata: Metadata): Promise<Metadata> {
    const response = await this.call('metadata.create', 'POST', this.imageUrl(id, '/metadata'), { metadata });
    return ((await response.json()) as { metadata: Metadata }).metadata;
  }

  /** PUT: replace all of the image's metadata. */
  async replaceMetadata(id: string, metadata: Metadata): Promise<Metadata> {
    const response = await this.call('metadata.replace', 'PUT', this.imageUrl(id, '/metadata'), { metadata });
    return ((await response.json()) as { metadata: Metadata }).metadata;
  }

  /** PUT one key. */
  async setMetadataItem(id: string, key: string, value: string): Promise<void> {
    const url = this.imageUrl(id, `/metadata/${encodeURIComponent(key)}`);
    await this.call('metadata.set', 'PUT', url, { meta: { [key]: value } });
  }

  async deleteMetadataItem(id: string, key: string): Promise<void> {
    await this.call('metadata.delete', 'DELETE', this.imageUrl(id, `/metadata/${encodeURIComponent(key)}`));
  }
}
