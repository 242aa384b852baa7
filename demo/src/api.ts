/**
 * Keystone and Nova as any real app talks to them: password → token, the compute endpoint from
 * the catalog, then the images API with `X-Auth-Token`. Every failure becomes an ApiError that
 * carries the status and the server's own message.
 */

/** How the page reacts to an error. */
export type Problem = 'auth' | 'forbidden' | 'quota' | 'gone' | 'network' | 'invalid' | 'server';

export class ApiError extends Error {
  constructor(
    /** 0 when the request never got an answer. */
    readonly status: number,
    message: string,
    readonly problem: Problem,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Session {
  token: string;
  /** The compute endpoint from the catalog, e.g. `http://127.0.0.1:5173/v2.1/6f70…`. */
  computeUrl: string;
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
  /** `images_links[rel=next].href`, when Nova gave one. */
  next?: string;
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

export function problemOf(status: number, message: string): Problem {
  if (status === 0) return 'network';
  if (status === 401) return 'auth';
  if (status === 413 || (status === 403 && /metadata limit|quota/i.test(message))) return 'quota';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'gone';
  if (status >= 400 && status < 500 && status !== 429) return 'invalid';
  return 'server';
}

async function send(url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new ApiError(0, (error as Error).message || 'Failed to fetch', 'network');
  }
  if (!response.ok) {
    const message = messageOf(await response.text(), `${response.status} ${response.statusText}`);
    throw new ApiError(response.status, message, problemOf(response.status, message));
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
  const response = await send(`${identityUrl.replace(/\/+$/, '')}/auth/tokens`, {
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
  if (!token) throw new ApiError(response.status, 'Keystone sent no X-Subject-Token', 'server');
  const body = (await response.json()) as {
    token: { expires_at: string; project: { id: string; name: string }; catalog?: CatalogEntry[] };
  };
  const compute = body.token.catalog
    ?.find((service) => service.type === 'compute')
    ?.endpoints.find((endpoint) => endpoint.interface === 'public');
  if (!compute) throw new ApiError(response.status, 'The catalog has no public compute endpoint', 'server');
  return {
    token,
    computeUrl: compute.url.replace(/\/+$/, ''),
    user,
    project: { id: body.token.project.id, name: body.token.project.name },
    expiresAt: body.token.expires_at,
  };
}

export class NovaClient {
  constructor(readonly session: Session) {}

  private async call(method: string, url: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-auth-token': this.session.token,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return send(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  private url(path: string): string {
    return `${this.session.computeUrl}${path}`;
  }

  /** The first page for these filters and page size. */
  firstPageUrl(query: URLSearchParams): string {
    const text = query.toString();
    return this.url(`/images/detail${text ? `?${text}` : ''}`);
  }

  /** One page of `GET /images/detail`, by URL (a first page, or a next link as Nova gave it). */
  async page(url: string): Promise<ImagePage> {
    const body = (await (await this.call('GET', url)).json()) as {
      images: ImageDetail[];
      images_links?: ImageLink[];
    };
    return { images: body.images, next: body.images_links?.find((link) => link.rel === 'next')?.href };
  }

  async image(id: string): Promise<ImageDetail> {
    const response = await this.call('GET', this.url(`/images/${encodeURIComponent(id)}`));
    return ((await response.json()) as { image: ImageDetail }).image;
  }

  async deleteImage(id: string): Promise<void> {
    await this.call('DELETE', this.url(`/images/${encodeURIComponent(id)}`));
  }

  async metadata(id: string): Promise<Metadata> {
    const response = await this.call('GET', this.url(`/images/${encodeURIComponent(id)}/metadata`));
    return ((await response.json()) as { metadata: Metadata }).metadata;
  }

  /** POST: merge these keys into the image's metadata. */
  async addMetadata(id: string, metadata: Metadata): Promise<Metadata> {
    const response = await this.call('POST', this.url(`/images/${encodeURIComponent(id)}/metadata`), {
      metadata,
    });
    return ((await response.json()) as { metadata: Metadata }).metadata;
  }

  /** PUT: replace all of the image's metadata. */
  async replaceMetadata(id: string, metadata: Metadata): Promise<Metadata> {
    const response = await this.call('PUT', this.url(`/images/${encodeURIComponent(id)}/metadata`), {
      metadata,
    });
    return ((await response.json()) as { metadata: Metadata }).metadata;
  }

  /** PUT one key. */
  async setMetadataItem(id: string, key: string, value: string): Promise<void> {
    const path = `/images/${encodeURIComponent(id)}/metadata/${encodeURIComponent(key)}`;
    await this.call('PUT', this.url(path), { meta: { [key]: value } });
  }

  async deleteMetadataItem(id: string, key: string): Promise<void> {
    const path = `/images/${encodeURIComponent(id)}/metadata/${encodeURIComponent(key)}`;
    await this.call('DELETE', this.url(path));
  }
}
