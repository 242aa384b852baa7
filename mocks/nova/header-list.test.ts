import { describe, expect, it } from 'vitest';
import { type HeaderList, headerListLines } from './header-list.ts';
import { Microversion, versionHeaders } from './microversion.ts';
import { requestIdList } from './responses.ts';

/** The lines the server wrote before: a Headers made from the list, Vary split at its commas. */
function throughHeaders(list: HeaderList): string[] {
  const raw: string[] = [];
  for (const [name, value] of new Headers(list)) {
    if (name === 'vary') for (const part of value.split(/,\s*/)) raw.push(name, part);
    else raw.push(name, value);
  }
  return raw;
}

describe('headerListLines', () => {
  it('writes a show answer’s headers as Headers iterates them: lowercased, sorted, Vary apart', () => {
    const list: HeaderList = [
      ...requestIdList('req-1'),
      ...versionHeaders(new Microversion(2, 35)),
      ['content-type', 'application/json'],
      ['content-length', '638'],
    ];
    expect(headerListLines(list)).toEqual([
      'content-length',
      '638',
      'content-type',
      'application/json',
      'openstack-api-version',
      'compute 2.35',
      'vary',
      'OpenStack-API-Version',
      'vary',
      'X-OpenStack-Nova-API-Version',
      'x-compute-request-id',
      'req-1',
      'x-openstack-nova-api-version',
      '2.35',
      'x-openstack-request-id',
      'req-1',
    ]);
    expect(headerListLines(list)).toEqual(throughHeaders(list));
  });

  it('joins a repeated name in the order added, whatever its case; a Vary list is split', () => {
    const list: HeaderList = [
      ['X-B', '1'],
      ['a', 'first'],
      ['Vary', 'Origin, Accept'],
      ['x-b', '2'],
      ['A', 'second'],
      ['vary', 'X-One'],
      ['Z', 'last'],
    ];
    expect(headerListLines(list)).toEqual([
      'a',
      'first, second',
      'vary',
      'Origin',
      'vary',
      'Accept',
      'vary',
      'X-One',
      'x-b',
      '1, 2',
      'z',
      'last',
    ]);
    expect(headerListLines(list)).toEqual(throughHeaders(list));
    expect(headerListLines([])).toEqual([]);
  });
});
