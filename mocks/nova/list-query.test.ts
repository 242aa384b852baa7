import { describe, expect, it } from 'vitest';
import { NovaFault } from './faults.ts';
import { nextLinkQuery, parseListQuery, shouldEmitNextLink } from './list-query.ts';

const parse = (query: string) => parseListQuery(new URLSearchParams(query));

function validationMessage(query: string): string {
  try {
    parse(query);
  } catch (error) {
    if (!(error instanceof NovaFault)) throw error;
    expect(error.status).toBe(400);
    return error.message;
  }
  throw new Error(`expected ${query} to be refused`);
}

describe('parseListQuery: kept parameters (§11.1)', () => {
  it('keeps known and property-* names with every occurrence, drops the rest', () => {
    const request = parse('limit=1&foo=bar&minram=1&name=a&limit=2&property-x=1&Name=b');
    expect(request.params).toEqual([
      ['limit', '1'],
      ['name', 'a'],
      ['limit', '2'],
      ['property-x', '1'],
    ]);
  });

  it('uses the last limit and marker', () => {
    const request = parse('limit=5&marker=A&limit=01&marker=B');
    expect(request.limit).toBe(1);
    expect(request.marker).toBe('B');
  });

  it('has no limit or marker when none were given, and no marker for an empty one', () => {
    const request = parse('name=x');
    expect(request.limit).toBeUndefined();
    expect(request.marker).toBeUndefined();
    expect(parse('marker=').marker).toBeUndefined();
  });
});

describe('parseListQuery: validation (§11.4)', () => {
  it.each([
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
    ['limit=00', 'Invalid input for query parameters limit. Value: 00. 0 is less than the minimum of 1'],
    ['limit', "Invalid input for query parameters limit. Value: . '' should be non-empty"],
  ])('%s', (query, message) => {
    expect(validationMessage(query)).toBe(message);
  });

  it('checks every occurrence', () => {
    expect(validationMessage('limit=1&limit=x')).toBe(
      "Invalid input for query parameters limit. Value: x. 'x' does not match '^[0-9]*$'",
    );
  });

  it('reports limit, then page_size, then offset, whatever the request order', () => {
    expect(validationMessage('offset=0&page_size=0&limit=0')).toMatch(/parameters limit\./);
    expect(validationMessage('offset=0&page_size=0')).toMatch(/parameters page_size\./);
  });

  it('accepts leading zeros and huge values', () => {
    expect(parse('limit=01').limit).toBe(1);
    expect(parse('limit=99999999999999999999999&page_size=1&offset=7').limit).toBe(1e23);
  });

  it('does not validate the other parameters', () => {
    expect(() => parse('marker=&name=&minRam=abc&foo=0')).not.toThrow();
  });
});

describe('parseListQuery: Glance filters (§11.2)', () => {
  it('translates the Nova filters, last occurrence wins', () => {
    const { filters } = parse(
      'name=a&name=img&status=ACTIVE&changes-since=2011-01-01T01:02:03Z&minRam=128&minDisk=10&limit=3',
    );
    expect(filters).toEqual({
      name: 'img',
      status: 'active',
      updatedAtGte: '2011-01-01T01:02:03Z',
      minRam: '128',
      minDisk: '10',
    });
  });

  it('turns server into instance_uuid: the last path segment, or the whole value', () => {
    const url = 'http://h/v2.1/servers/aa640691-d1a7-4a67-9d3c-d35ee6b3cc74';
    expect(parse(`server=${encodeURIComponent(url)}`).filters.properties).toEqual([
      ['instance_uuid', 'aa640691-d1a7-4a67-9d3c-d35ee6b3cc74'],
    ]);
    expect(parse('server=abc').filters.properties).toEqual([['instance_uuid', 'abc']]);
    expect(parse('server=abc/').filters.properties).toEqual([['instance_uuid', '']]);
  });

  it('turns type into image_type', () => {
    expect(parse('type=snapshot').filters.properties).toEqual([['image_type', 'snapshot']]);
  });

  it("mangles property-* names like Python's lstrip('property-')", () => {
    const { filters } = parse(
      'property-architecture=x86_64&property-ramdisk_id=r&property-os_distro=d&property-test=t&property-type=y',
    );
    expect(filters.properties).toEqual([
      ['architecture', 'x86_64'],
      ['amdisk_id', 'r'],
      ['s_distro', 'd'],
      ['st', 't'],
      ['', 'y'],
    ]);
  });

  it('lets the later of server and property-instance_uuid win, both split on /', () => {
    expect(parse('server=a/A&property-instance_uuid=b/B').filters.properties).toEqual([
      ['instance_uuid', 'B'],
    ]);
    expect(parse('property-instance_uuid=b/B&server=a/A').filters.properties).toEqual([
      ['instance_uuid', 'A'],
    ]);
  });

  it('has no properties and no fields without filters', () => {
    expect(parse('limit=1&marker=x&foo=bar').filters).toEqual({});
  });
});

describe('nextLinkQuery (§11.5)', () => {
  const id = 'cedef40a-ed67-4d10-800e-17455edce175';

  it.each([
    ['limit=1', `limit=1&marker=${id}`],
    ['status=active&limit=2&name=img', `limit=2&name=img&status=active&marker=${id}`],
    ['marker=A&limit=1&name=img', `limit=1&marker=${id}&name=img`],
    ['limit=1&foo=bar', `limit=1&marker=${id}`],
    [
      'changes-since=2011-01-01T01:02:03Z&limit=1',
      `changes-since=2011-01-01T01%3A02%3A03Z&limit=1&marker=${id}`,
    ],
  ])('%s', (query, expected) => {
    expect(nextLinkQuery(parse(query), id)).toBe(expected);
  });

  it('sorts every kept name in byte order', () => {
    const query =
      'type=t&status=s&server=v&property-a=p&page_size=5&offset=1&name=n&minRam=1&minDisk=2&marker=m&limit=3&changes-since=c';
    expect(nextLinkQuery(parse(query), 'X')).toBe(
      'changes-since=c&limit=3&marker=X&minDisk=2&minRam=1&name=n&offset=1&page_size=5&property-a=p&server=v&status=s&type=t',
    );
  });

  it('collapses duplicates to the value that sorts last (§15.5)', () => {
    expect(nextLinkQuery(parse('limit=5&limit=10&name=b&name=a'), 'X')).toBe('limit=5&name=b&marker=X');
  });

  it('encodes like Python urlencode', () => {
    const request = parse(`name=${encodeURIComponent("a b/c~é😀*'()!")}&limit=1`);
    expect(nextLinkQuery(request, 'X')).toBe(
      'limit=1&name=a+b%2Fc~%C3%A9%F0%9F%98%80%2A%27%28%29%21&marker=X',
    );
  });
});

describe('shouldEmitNextLink (§11.5)', () => {
  it.each([
    [1, 1, true],
    [0, 1, false],
    [2, 3, false],
    [1000, undefined, true],
    [999, undefined, false],
    [1001, undefined, false],
    [1000, 5000, true],
    [5000, 5000, false],
  ] as const)('%i images, limit %s', (count, limit, expected) => {
    expect(shouldEmitNextLink(count, limit, 1000)).toBe(expected);
  });
});
