/** Version documents (behaviour spec §12), built from the public URL. */
import { MAX_VERSION, MIN_VERSION } from './microversion.ts';

const V2_0 = {
  id: 'v2.0',
  status: 'DEPRECATED',
  version: '',
  min_version: '',
  updated: '2025-07-04T12:00:00Z',
  mediaType: 'application/vnd.openstack.compute+json;version=2',
  path: 'v2',
} as const;

const V2_1 = {
  id: 'v2.1',
  status: 'CURRENT',
  version: MAX_VERSION.toString(),
  min_version: MIN_VERSION.toString(),
  updated: '2013-07-23T11:33:21Z',
  mediaType: 'application/vnd.openstack.compute+json;version=2.1',
  path: 'v2.1',
} as const;

type VersionFacts = typeof V2_0 | typeof V2_1;

function summary(facts: VersionFacts, publicUrl: string) {
  return {
    id: facts.id,
    status: facts.status,
    version: facts.version,
    min_version: facts.min_version,
    updated: facts.updated,
    links: [{ rel: 'self', href: `${publicUrl}/${facts.path}/` }],
  };
}

function versionDocument(facts: VersionFacts, publicUrl: string) {
  const { links, ...rest } = summary(facts, publicUrl);
  return {
    version: {
      ...rest,
      links: [...links, { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' }],
      'media-types': [{ base: 'application/json', type: facts.mediaType }],
    },
  };
}

/** `GET /`: both versions. */
export function versionList(publicUrl: string) {
  return { versions: [summary(V2_0, publicUrl), summary(V2_1, publicUrl)] };
}

/**
 * §12: any other root path answers 300; each choice points at the same path under that
 * version (Nova's `build_choices`).
 */
export function versionChoices(publicUrl: string, path: string) {
  const rest = path.replace(/^\/+|\/+$/g, '');
  return {
    choices: [V2_0, V2_1].map((facts) => ({
      id: facts.id,
      status: facts.status,
      links: [
        { rel: 'self', href: rest ? `${publicUrl}/${facts.path}/${rest}` : `${publicUrl}/${facts.path}/` },
      ],
      'media-types': [{ base: 'application/json', type: facts.mediaType }],
    })),
  };
}

export const v21Document = (publicUrl: string) => versionDocument(V2_1, publicUrl);
export const v20Document = (publicUrl: string) => versionDocument(V2_0, publicUrl);
