// Behaviour spec §11: list filters, ordering, pagination, validation and next links.
import { describe, expect, it } from 'vitest';
import { novaFetch } from './support/client.ts';
import { useNovaMock } from './support/mock.ts';
import { testImageId, testRecord } from './support/records.ts';

const SERVER = 'aa640691-d1a7-4a67-9d3c-d35ee6b3cc74';
const OTHER = '0f7e1a2b3c4d4e5f8a9b0c1d2e3f4a5b';

// Twelve images, created one day apart (image 12 newest), with a few distinguishing traits.
const DATASET = Array.from({ length: 12 }, (_, index) => {
  const n = index + 1;
  const day = String(n).padStart(2, '0');
  return testRecord(n, {
    name: n <= 3 ? 'ubuntu' : `image-${n}`,
    created_at: `2025-01-${day}T00:00:00Z`,
    updated_at: `2025-02-${day}T12:00:00Z`,
    status: n === 4 ? 'saving' : n === 5 ? 'queued' : 'active',
    min_ram: n % 2 === 0 ? 512 : 1024,
    min_disk: n,
    properties:
      n >= 10
        ? { image_type: 'snapshot', instance_uuid: SERVER, architecture: 'aarch64', ramdisk_id: 'r' }
        : { architecture: 'x86_64' },
  });
});
DATASET.push(testRecord(13, { visibility: 'private', owner: OTHER, created_at: '2025-03-01T00:00:00Z' }));

type Page = { images: { id: string }[]; images_links?: { rel: string; href: string }[] };
const ids = (...ns: number[]) => ns.map(testImageId);

describe('list filters (§11.2)', () => {
  const mock = useNovaMock({ dataset: DATASET });
  const list = async (query: string) => {
    const reply = await novaFetch(`${mock.baseUrl}/v2.1/images?${query}`);
    expect(reply.status, query).toBe(200);
    return (reply.json as Page).images.map((image) => image.id);
  };

  it('lists visible images newest first, without other projects private ones (§11.3)', async () => {
    expect(await list('')).toEqual(ids(12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1));
  });

  it('filters by exact name, and by in: lists', async () => {
    expect(await list('name=ubuntu')).toEqual(ids(3, 2, 1));
    expect(await list('name=Ubuntu')).toEqual([]);
    expect(await list('name=in:image-7,image-9')).toEqual(ids(9, 7));
  });

  it('filters by the lower-cased Glance status, not the Nova one (§13)', async () => {
    expect(await list('status=ACTIVE')).toHaveLength(10);
    expect(await list('status=SAVING')).toEqual(ids(4));
    expect(await list('status=queued')).toEqual(ids(5));
    expect(await list('status=ERROR')).toEqual([]);
  });

  it('filters minRam and minDisk by equality, not "at least" (§13)', async () => {
    expect(await list('minRam=512')).toEqual(ids(12, 10, 8, 6, 4, 2));
    expect(await list('minDisk=5')).toEqual(ids(5));
  });

  it('filters changes-since as updated_at >= value, inclusive (§11.2)', async () => {
    expect(await list('changes-since=2025-02-11T12:00:00Z')).toEqual(ids(12, 11));
    expect(await list('changes-since=2025-02-11T13:00:00%2B01:00')).toEqual(ids(12, 11));
  });

  it('filters server (URL or UUID), type and property-* (§11.2)', async () => {
    expect(await list(`server=${SERVER}`)).toEqual(ids(12, 11, 10));
    expect(await list(`server=http://nova/v2.1/servers/${SERVER}`)).toEqual(ids(12, 11, 10));
    expect(await list('type=snapshot&status=active')).toEqual(ids(12, 11, 10));
    expect(await list('property-architecture=aarch64')).toEqual(ids(12, 11, 10));
  });

  it("mangles property-* names with Python's lstrip, so property-ramdisk_id matches nothing (§11.2)", async () => {
    expect(await list('property-ramdisk_id=r')).toEqual([]);
  });

  it('ignores unknown parameters and case variants (§11.1)', async () => {
    expect(await list('minram=512&foo=bar')).toHaveLength(12);
  });

  it('answers Glance-side filter errors with 400 (§11.6)', async () => {
    const operator = await novaFetch(`${mock.baseUrl}/v2.1/images?name=foo:bar`);
    expect(operator.json).toEqual({
      badRequest: {
        code: 400,
        message: 'HTTP 400 Bad Request: Unable to filter by unknown operator &#x27;foo&#x27;.',
      },
    });
    // An in: list whose quotes do not pair up: Glance's validate_quotes, measured through Nova 26.2.2.
    const unclosed = await novaFetch(`${mock.baseUrl}/v2.1/images?name=in:%22a,b`);
    expect(unclosed.json).toEqual({
      badRequest: {
        code: 400,
        message: 'HTTP 400 Bad Request: Invalid filter value &quot;a,b. The quote is not closed.',
      },
    });
    const afterQuote = await novaFetch(`${mock.baseUrl}/v2.1/images?name=in:%22a%22b`);
    expect(afterQuote.json).toEqual({
      badRequest: {
        code: 400,
        message:
          'HTTP 400 Bad Request: Invalid filter value &quot;a&quot;b. There is no comma after closing quotation mark.',
      },
    });
    // Quoted values may hold commas; the quotes are not part of the name.
    expect(await list('name=in:%22image-7%22,%22no,such%22')).toEqual(ids(7));
    const since = await novaFetch(`${mock.baseUrl}/v2.1/images?changes-since=yesterday`);
    expect(since.json).toEqual({
      badRequest: {
        code: 400,
        message:
          'HTTP 400 Bad Request: Bad &quot;updated_at&quot; query filter format. Use ISO 8601 DateTime notation.',
      },
    });
  });
});

describe('pagination and next links (§11.4, §11.5)', () => {
  // Links follow the request's origin here, so that the test can follow them.
  const mock = useNovaMock({ dataset: DATASET, maxLimit: 5, publicUrl: undefined });
  const api = `${mock.baseUrl}/v2.1`;

  it('pages to the end by following absolute next links, with a final link to an empty page', async () => {
    let url: string | undefined = `${api}/images/detail?limit=4&status=active`;
    const seen: string[] = [];
    const hrefs: string[] = [];
    while (url) {
      const page = (await novaFetch(url)).json as Page;
      seen.push(...page.images.map((image) => image.id));
      url = page.images_links?.[0]?.href;
      if (url) hrefs.push(url);
    }
    expect(seen).toEqual(ids(12, 11, 10, 9, 8, 7, 6, 3, 2, 1));
    expect(hrefs[0]).toBe(`${api}/images/detail?limit=4&status=active&marker=${testImageId(9)}`);
    expect(hrefs).toHaveLength(2);
  });

  it('keeps the next link rule of max_limit: no limit → link only when exactly max_limit come back', async () => {
    const all = (await novaFetch(`${api}/images`)).json as Page;
    expect(all.images).toHaveLength(12);
    expect(all).not.toHaveProperty('images_links');
    const five = (await novaFetch(`${api}/images?minRam=1024`)).json as Page;
    expect(five.images).toHaveLength(6);
    const exactly = (
      await novaFetch(`${api}/images?limit=50&name=in:image-6,image-7,image-8,image-9,image-11`)
    ).json as Page;
    expect(exactly.images).toHaveLength(5);
    expect(exactly.images_links?.[0]?.href).toBe(
      `${api}/images?limit=50&name=in%3Aimage-6%2Cimage-7%2Cimage-8%2Cimage-9%2Cimage-11&marker=${testImageId(6)}`,
    );
  });

  it('starts strictly after the marker, keeps its sorted place in the link, drops unknown params', async () => {
    const reply = await novaFetch(`${api}/images?marker=${testImageId(10)}&limit=2&foo=bar&page_size=7`);
    const page = reply.json as Page;
    expect(page.images.map((image) => image.id)).toEqual(ids(9, 8));
    expect(page.images_links?.[0]?.href).toBe(`${api}/images?limit=2&marker=${testImageId(8)}&page_size=7`);
  });

  it('uses the last of repeated limits, while the next link keeps the value that sorts last (§15.5)', async () => {
    const page = (await novaFetch(`${api}/images?limit=5&limit=2`)).json as Page;
    expect(page.images.map((image) => image.id)).toEqual(ids(12, 11));
    expect(page.images_links?.[0]?.href).toBe(`${api}/images?limit=5&marker=${testImageId(11)}`);
  });

  it('answers the last marker with an empty page (openstacksdk asks for it)', async () => {
    const reply = await novaFetch(`${api}/images?marker=${testImageId(1)}&limit=4`);
    expect(reply.json).toEqual({ images: [] });
  });

  it('answers an unknown marker with 400 and an invisible one with 403 (§11.6)', async () => {
    const unknown = await novaFetch(`${api}/images?marker=${testImageId(99)}`);
    expect(unknown.json).toEqual({
      badRequest: { code: 400, message: `HTTP 400 Bad Request: No image found with ID ${testImageId(99)}` },
    });
    const hidden = await novaFetch(`${api}/images?marker=${testImageId(13)}`);
    expect(hidden.json).toEqual({
      forbidden: {
        code: 403,
        message: `HTTP 403 Forbidden: Forbidding request, image ${testImageId(13)} not visible`,
      },
    });
  });

  it('validates limit, page_size and offset with Nova messages; offset is otherwise ignored (§11.4)', async () => {
    const cases: [string, string][] = [
      ['limit=abc', "Invalid input for query parameters limit. Value: abc. 'abc' does not match '^[0-9]*$'"],
      ['limit=-1', "Invalid input for query parameters limit. Value: -1. '-1' does not match '^[0-9]*$'"],
      ['limit=1.5', "Invalid input for query parameters limit. Value: 1.5. '1.5' does not match '^[0-9]*$'"],
      ['limit=0', 'Invalid input for query parameters limit. Value: 0. 0 is less than the minimum of 1'],
      ['limit=', "Invalid input for query parameters limit. Value: . '' should be non-empty"],
      [
        'page_size=0',
        'Invalid input for query parameters page_size. Value: 0. 0 is less than the minimum of 1',
      ],
      ['offset=0', 'Invalid input for query parameters offset. Value: 0. 0 is less than the minimum of 1'],
    ];
    for (const [query, message] of cases) {
      const reply = await novaFetch(`${api}/images?${query}`);
      expect(reply.json, query).toEqual({ badRequest: { code: 400, message } });
    }
    const offset = (await novaFetch(`${api}/images?offset=3&limit=01`)).json as Page;
    expect(offset.images.map((image) => image.id)).toEqual(ids(12));
  });
});
