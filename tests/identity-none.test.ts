// auth: 'none' (the default): no token needed, but a valid token still selects its project.
import { describe, expect, it } from 'vitest';
import { loadDatasetSync } from '../mocks/dataset-sync.ts';
import { checkedFetch, jsonBody } from './support/client.ts';
import { useNovaMock } from './support/mock.ts';

const PRIVATE_ID = 'cedef40a-ed67-4d10-800e-17455edce175';
const mock = useNovaMock({
  dataset: loadDatasetSync('api-samples-foreign').map((record) =>
    record.id === PRIVATE_ID ? { ...record, visibility: 'private' as const } : record,
  ),
});
const as = (token: string): RequestInit => ({ headers: { 'x-auth-token': token } });
const login = (project: string) =>
  checkedFetch(
    `${mock.baseUrl}/identity/v3/auth/tokens`,
    jsonBody('POST', {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'anyone', domain: { name: 'Default' }, password: 'anything' } },
        },
        scope: { project: { name: project, domain: { name: 'Default' } } },
      },
    }),
  );

describe("auth: 'none' (default)", () => {
  it('needs no token, but a valid token still selects its project; any password is accepted', async () => {
    const url = `${mock.baseUrl}/v2.1/images/${PRIVATE_ID}`;
    expect((await checkedFetch(url)).status).toBe(200);
    // openstacksdk with auth_type=none sends "X-Auth-Token: notused".
    expect((await checkedFetch(url, as('notused'))).status).toBe(200);
    const other = await login('other-team');
    expect(other.status).toBe(201);
    expect((await checkedFetch(url, as(other.headers.get('x-subject-token') ?? ''))).status).toBe(404);
    const demo = await login('demo');
    expect((await checkedFetch(url, as(demo.headers.get('x-subject-token') ?? ''))).status).toBe(200);
  });
});
