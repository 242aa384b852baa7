import { describe, expect, it } from 'vitest';
import { type HeaderList, sortAndCombine } from './header-list.ts';
import { Microversion, versionHeaders } from './microversion.ts';
import { requestIdList } from './responses.ts';

describe('sortAndCombine', () => {
  it('writes a show answer’s headers as Headers iterates them: lowercased, sorted, Vary joined', () => {
    const list: HeaderList = [
      ...requestIdList('req-1'),
      ...versionHeaders(new Microversion(2, 35)),
      ['content-type', 'application/json'],
      ['content-length', '638'],
    ];
    expect(sortAndCombine(list)).toEqual([
      ['content-length', '638'],
      ['content-type', 'application/json'],
      ['openstack-api-version', 'compute 2.35'],
      ['vary', 'OpenStack-API-Version, X-OpenStack-Nova-API-Version'],
      ['x-compute-request-id', 'req-1'],
      ['x-openstack-nova-api-version', '2.35'],
      ['x-openstack-request-id', 'req-1'],
    ]);
    expect(sortAndCombine(list)).toEqual([...new Headers(list)]);
  });

  it('joins a repeated name in the order added, whatever its case', () => {
    const list: HeaderList = [
      ['X-B', '1'],
      ['a', 'first'],
      ['x-b', '2'],
      ['A', 'second'],
    ];
    expect(sortAndCombine(list)).toEqual([
      ['a', 'first, second'],
      ['x-b', '1, 2'],
    ]);
    expect(sortAndCombine(list)).toEqual([...new Headers(list)]);
  });
});
