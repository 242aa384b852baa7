/** Version documents (behaviour spec §12), built from the public URL and the release profile. */
import { trimSlashes, withoutTrailingSlashes } from './links.ts';
import { MIN_VERSION } from './microversion.ts';
import type { ReleaseProfile } from './release.ts';

interface VersionFacts {
  id: string;
  status: string;
  version: string;
  min_version: string;
  updated: string;
  mediaType: string;
  path: string;
}

function v20Facts(profile: ReleaseProfile): VersionFacts {
  return {
    id: 'v2.0',
    status: profile.v20.status,
    version: '',
    min_version: '',
    updated: profile.v20.updated,
    mediaType: 'application/vnd.openstack.compute+json;version=2',
    path: 'v2',
  };
}

function v21Facts(profile: ReleaseProfile): VersionFacts {
  return {
    id: 'v2.1',
    status: 'CURRENT',
    version: profile.maxVersion.toString(),
    min_version: MIN_VERSION.toString(),
    updated: '2013-07-23T11:33:21Z',
    mediaType: 'application/vnd.openstack.compute+json;version=2.1',
    path: 'v2.1',
  };
}

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

/** views/versions.py `build_version`: the facts of the id, the self link of the mount asked. */
function versionDocument(facts: VersionFacts, publicUrl: string, mount = facts.path) {
  const { links, ...rest } = summary({ ...facts, path: mount }, publicUrl);
  return {
    version: {
      ...rest,
      links: [...links, { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' }],
      'media-types': [{ base: 'application/json', type: facts.mediaType }],
    },
  };
}

/**
 * views/versions.py `generate_href` joins with common.py `url_join`, which strips the slashes at
 * either end of the application URL: a Host `a/` makes `http://a/v2/`, an empty one `http:/v2/`
 * (measured on Nova 26.2.2). `build_version` does not.
 */
function joinedBase(publicUrl: string): string {
  return withoutTrailingSlashes(publicUrl);
}

/** `GET /`: both versions. */
export function versionList(publicUrl: string, profile: ReleaseProfile) {
  const base = joinedBase(publicUrl);
  return { versions: [summary(v20Facts(profile), base), summary(v21Facts(profile), base)] };
}

/**
 * §12: any other root path answers 300; each choice points at the same path under that
 * version (Nova's `build_choices`).
 */
export function versionChoices(publicUrl: string, path: string, profile: ReleaseProfile) {
  const base = joinedBase(publicUrl);
  const rest = trimSlashes(path);
  return {
    choices: [v20Facts(profile), v21Facts(profile)].map((facts) => ({
      id: facts.id,
      status: facts.status,
      links: [{ rel: 'self', href: rest ? `${base}/${facts.path}/${rest}` : `${base}/${facts.path}/` }],
      'media-types': [{ base: 'application/json', type: facts.mediaType }],
    })),
  };
}

export const v21Document = (publicUrl: string, profile: ReleaseProfile) =>
  versionDocument(v21Facts(profile), publicUrl);
export const v20Document = (publicUrl: string, profile: ReleaseProfile) =>
  versionDocument(v20Facts(profile), publicUrl);

/**
 * versionsV21.py `VersionsController.show` under `/v2.1` (`/versions/{id}`, `/{project_id}/`):
 * either version's document by id, linked to `/v2.1/` (measured: `/v2.1/versions/v2.0` is the
 * v2.0 document with a `/v2.1/` self link); undefined for an unknown id (its 404).
 */
export function v21MountDocument(id: string, publicUrl: string, profile: ReleaseProfile) {
  if (id === 'v2.1') return versionDocument(v21Facts(profile), publicUrl, 'v2.1');
  if (id === 'v2.0') return versionDocument(v20Facts(profile), publicUrl, 'v2.1');
  return undefined;
}
