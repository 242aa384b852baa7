// `serve --nova-release` and `--max-microversion` change what the running server answers (README
// "Release profiles"), and bad values are refused with a message naming the flag (exit 2).
import { describe, expect, it } from 'vitest';
import { novaFetch } from './support/client.ts';
import { runCli, useServe } from './support/serve-process.ts';

const compute = (version: string) => ({ headers: { 'OpenStack-API-Version': `compute ${version}` } });

interface VersionDocument {
  version: { id: string; version: string; min_version: string };
}
interface VersionList {
  versions: Array<{ id: string; status: string; updated: string; version: string }>;
}

describe.each([
  { args: ['--nova-release', 'zed'], max: '2.93', v20: 'SUPPORTED', v20Updated: '2011-01-21T11:33:21Z' },
  {
    args: ['--max-microversion', '2.60'],
    max: '2.60',
    v20: 'DEPRECATED',
    v20Updated: '2025-07-04T12:00:00Z',
  },
  {
    args: ['--nova-release', 'zed', '--max-microversion', '2.38'],
    max: '2.38',
    v20: 'SUPPORTED',
    v20Updated: '2011-01-21T11:33:21Z',
  },
  { args: [], max: '2.104', v20: 'DEPRECATED', v20Updated: '2025-07-04T12:00:00Z' },
])('serve $args', ({ args, max, v20, v20Updated }) => {
  const served = useServe(args);

  it(`documents ${max} as the maximum, in the version documents and for latest`, async () => {
    const document = await novaFetch(`${served.url}/v2.1/`, compute('latest'));
    expect((document.json as VersionDocument).version).toMatchObject({
      id: 'v2.1',
      version: max,
      min_version: '2.1',
    });
    expect(document.headers.get('openstack-api-version')).toBe(`compute ${max}`);
    const list = (await novaFetch(`${served.url}/`)).json as VersionList;
    expect(list.versions.find(({ id }) => id === 'v2.1')?.version).toBe(max);
    expect(list.versions.find(({ id }) => id === 'v2.0')).toMatchObject({ status: v20, updated: v20Updated });
  });

  it('answers at the maximum and refuses one minor version beyond it with 406', async () => {
    const [major, minor] = max.split('.').map(Number) as [number, number];
    const at = await novaFetch(`${served.url}/v2.1/images/detail`, compute(max));
    // The images API ends at 2.35 whatever the ceiling (§5.3).
    expect(at.status).toBe(minor > 35 ? 404 : 200);
    expect(at.headers.get('openstack-api-version')).toBe(`compute ${max}`);
    const beyond = `${major}.${minor + 1}`;
    const refused = await novaFetch(`${served.url}/v2.1/images`, compute(beyond));
    expect(refused.status).toBe(406);
    expect(refused.json).toEqual({
      computeFault: {
        code: 406,
        message: `Version ${beyond} is not supported by the API. Minimum is 2.1 and maximum is ${max}.`,
      },
    });
  });

  it("pages as the release's images API does", async () => {
    const zed = args.includes('zed');
    const reply = await novaFetch(`${served.url}/v2.1/images?limit=0`);
    // Zed has no query schema: limit=0 is no limit; master refuses it.
    expect(reply.status).toBe(zed ? 200 : 400);
    if (zed) expect((reply.json as { images: unknown[] }).images).toHaveLength(11);
  });
});

describe('serve refuses bad release flags', () => {
  it.each([
    [['--nova-release', 'kilo'], '--nova-release must be master or zed, got "kilo"'],
    [
      ['--max-microversion', 'abc'],
      "--max-microversion must be a version from 2.1 to 2.104 (master), got 'abc'",
    ],
    [
      ['--max-microversion', '2.105'],
      "--max-microversion must be a version from 2.1 to 2.104 (master), got '2.105'",
    ],
    [
      ['--nova-release', 'zed', '--max-microversion', '2.94'],
      "--max-microversion must be a version from 2.1 to 2.93 (zed), got '2.94'",
    ],
    [
      ['--max-microversion', '2.0'],
      "--max-microversion must be a version from 2.1 to 2.104 (master), got '2.0'",
    ],
  ])('%j', (args, message) => {
    const result = runCli(['serve', '--port', '0', ...args]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`nova-images-mock serve: ${message}`);
    expect(result.stderr).toContain('Run nova-images-mock serve --help for usage.');
    expect(result.stdout).toBe('');
  });
});
