/**
 * Glance's version documents (glance/api/versions.py `Controller.index`) as the oracle's
 * configuration has them: multiple stores enabled, no image cache, so v2.15 is CURRENT and
 * v2.14/v2.16 are absent. `GET /versions` answers 200, every other unversioned path 300.
 */

const SUPPORTED = [
  '2.13',
  '2.12',
  '2.11',
  '2.10',
  '2.9',
  '2.8',
  '2.7',
  '2.6',
  '2.5',
  '2.4',
  '2.3',
  '2.2',
  '2.1',
  '2.0',
];

/** URL path versions version negotiation accepts (middleware/version_negotiation.py). */
export const ACCEPTED_VERSIONS = new Set(['v2', ...['2.15', ...SUPPORTED].map((version) => `v${version}`)]);

export function glanceVersions(glanceUrl: string) {
  const links = [{ rel: 'self', href: `${glanceUrl}/v2/` }];
  return {
    versions: [
      { id: 'v2.15', status: 'CURRENT', links },
      ...SUPPORTED.map((version) => ({ id: `v${version}`, status: 'SUPPORTED', links })),
    ],
  };
}
