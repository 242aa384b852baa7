/**
 * The requests of the Glance conformance corpus, in order: each runs against the state the ones
 * before it left (both recorded from the real Glance and replayed on the mock from the same
 * dataset). Images the corpus creates get fixed ids that sort in creation order, so that a list's
 * order never depends on sub-second timestamps.
 */

/** Who sends the request: a project's member token, an admin's, or no token at all. */
export type CaseCaller = 'demo' | 'other' | 'admin' | 'anonymous';

export interface ConformanceCase {
  name: string;
  caller?: CaseCaller;
  method?: string;
  /** Below Glance's root (the mock's `/image`), e.g. `/v2/images?limit=2`. */
  path: string;
  headers?: Record<string, string>;
  /** A JSON value (sent as JSON, or as a JSON patch on PATCH), or raw text. */
  json?: unknown;
  text?: string;
}

export const PROJECTS = {
  demo: '6f70656e737461636b20342065766572',
  other: 'edec047093eca3df648e69d942656b6b',
} as const;

/** Created by the corpus, in this order. */
export const CREATED = {
  plain: '10000000-0000-4000-8000-000000000001',
  shared: '10000000-0000-4000-8000-000000000002',
  hidden: '10000000-0000-4000-8000-000000000003',
  doomed: '10000000-0000-4000-8000-000000000004',
  community: '10000000-0000-4000-8000-000000000005',
} as const;

const SAMPLE = '70a599e0-31e7-49b7-b260-868f441e862b';
const SAMPLE_2 = '155d900f-4e14-4e4c-a73d-069cbf4541e6';
const MISSING = '00000000-0000-4000-8000-00000000dead';
const JSON_ACCEPT = { accept: 'application/json' };
const PATCH = { 'content-type': 'application/openstack-images-v2.1-json-patch', ...JSON_ACCEPT };

const get = (name: string, path: string, extra: Partial<ConformanceCase> = {}): ConformanceCase => ({
  name,
  path,
  headers: JSON_ACCEPT,
  ...extra,
});

const patch = (name: string, id: string, json: unknown, caller: CaseCaller = 'demo'): ConformanceCase => ({
  name,
  caller,
  method: 'PATCH',
  path: `/v2/images/${id}`,
  headers: PATCH,
  json,
});

export const CASES: readonly ConformanceCase[] = [
  // Version documents, before authentication.
  { name: 'root: version choices', caller: 'anonymous', path: '/' },
  { name: 'versions', caller: 'anonymous', path: '/versions' },
  { name: 'unversioned image path: version choices', caller: 'anonymous', path: `/images/${SAMPLE}` },
  { name: 'unknown version: version choices', caller: 'anonymous', path: '/v3/images' },
  get('no token: 401 (JSON)', '/v2/images', { caller: 'anonymous' }),
  { name: 'no token: 401 (HTML)', caller: 'anonymous', path: '/v2/images', headers: { accept: 'text/html' } },
  { name: 'no token, any Accept: 401', caller: 'anonymous', path: '/v2/images', headers: { accept: '*/*' } },

  // Listing and its parameters.
  get('list: default page', '/v2/images'),
  get('list: limit 2', '/v2/images?limit=2'),
  get('list: limit 2 after a marker', `/v2/images?limit=2&marker=${SAMPLE}`),
  get('list: limit 0', '/v2/images?limit=0'),
  get('list: limit not a number', '/v2/images?limit=x'),
  get('list: negative limit', '/v2/images?limit=-1'),
  get('list: unknown marker', `/v2/images?marker=${MISSING}`),
  get('list: name', '/v2/images?name=fakeimage7'),
  get('list: name in:', '/v2/images?name=in:fakeimage7,fakeimage6'),
  get('list: status', '/v2/images?status=active&limit=3'),
  get('list: status queued', '/v2/images?status=queued'),
  get('list: visibility all', '/v2/images?visibility=all&limit=3'),
  get('list: visibility private', '/v2/images?visibility=private'),
  get('list: bad visibility', '/v2/images?visibility=everyone'),
  get('list: owner', `/v2/images?owner=${PROJECTS.demo}&limit=2`),
  get('list: bad member_status', '/v2/images?member_status=maybe'),
  get('list: size_min', '/v2/images?size_min=7&limit=2'),
  get('list: size_max below', '/v2/images?size_max=6'),
  get('list: size_min not a number', '/v2/images?size_min=big'),
  get('list: protected', '/v2/images?protected=true'),
  get('list: bad protected', '/v2/images?protected=maybe'),
  get('list: os_hidden true', '/v2/images?os_hidden=true'),
  get('list: bad os_hidden', '/v2/images?os_hidden=perhaps'),
  get('list: id in:', `/v2/images?id=in:${SAMPLE},${SAMPLE_2}`),
  get('list: created_at gt', '/v2/images?created_at=gt:2010-01-01T00:00:00Z&limit=2'),
  get('list: updated_at lte', '/v2/images?updated_at=lte:2011-01-01T01:02:03Z&limit=2'),
  get('list: created_at lt (nothing)', '/v2/images?created_at=lt:2010-01-01T00:00:00Z'),
  get('list: bad time operator', '/v2/images?created_at=around:2011-01-01T00:00:00Z'),
  get('list: bad time', '/v2/images?created_at=gt:yesterday'),
  get('list: property', '/v2/images?architecture=x86_64'),
  get('list: property no match', '/v2/images?kernel_id=nokernel&architecture=x86_64'),
  get('list: sort_key name asc', '/v2/images?sort_key=name&sort_dir=asc&limit=4'),
  get('list: sort= syntax', '/v2/images?sort=name:asc,id:desc&limit=4'),
  get('list: bad sort key', '/v2/images?sort_key=colour'),
  get('list: bad sort dir', '/v2/images?sort_dir=sideways'),
  get('list: sort and sort_key mixed', '/v2/images?sort=name&sort_key=id'),
  get(
    'list: sort dirs mismatch',
    '/v2/images?sort_key=name&sort_key=id&sort_key=size&sort_dir=asc&sort_dir=desc',
  ),
  get('list: tag (nothing)', '/v2/images?tag=none-such'),
  get('list: changes-since refused', '/v2/images?changes-since=2011-01-01T00:00:00Z'),
  get('list: bad name operator', '/v2/images?name=like:fake'),

  // Show.
  get('show', `/v2/images/${SAMPLE}`),
  get('show: unknown id', `/v2/images/${MISSING}`),
  { name: 'show: unknown id (HTML)', path: `/v2/images/${MISSING}`, headers: { accept: 'text/html' } },
  { name: 'show: unknown id (no Accept)', path: `/v2/images/${MISSING}`, headers: { accept: '' } },
  get('show: not a UUID', '/v2/images/nope'),

  // Create.
  {
    name: 'create',
    method: 'POST',
    path: '/v2/images',
    headers: JSON_ACCEPT,
    json: {
      id: CREATED.plain,
      name: 'glance-made',
      disk_format: 'qcow2',
      container_format: 'bare',
      tags: ['web', 'ubuntu'],
      os_distro: 'ubuntu',
      min_ram: 512,
    },
  },
  get('show the created image', `/v2/images/${CREATED.plain}`),
  {
    name: 'create: duplicate id',
    method: 'POST',
    path: '/v2/images',
    headers: JSON_ACCEPT,
    json: { id: CREATED.plain },
  },
  {
    name: 'create: bad disk_format',
    method: 'POST',
    path: '/v2/images',
    headers: JSON_ACCEPT,
    json: { name: 'x', disk_format: 'floppy' },
  },
  {
    name: 'create: read-only self',
    method: 'POST',
    path: '/v2/images',
    headers: JSON_ACCEPT,
    json: { name: 'x', self: '/v2/images/x' },
  },
  {
    name: 'create: read-only status',
    method: 'POST',
    path: '/v2/images',
    headers: JSON_ACCEPT,
    json: { name: 'x', status: 'active' },
  },
  {
    name: 'create: reserved os_glance_ namespace',
    method: 'POST',
    path: '/v2/images',
    headers: JSON_ACCEPT,
    json: { name: 'x', os_glance_importing_to_stores: 'fs' },
  },
  {
    name: 'create: reserved deleted',
    method: 'POST',
    path: '/v2/images',
    headers: JSON_ACCEPT,
    json: { name: 'x', deleted: 'yes' },
  },
  {
    name: 'create: name too long',
    method: 'POST',
    path: '/v2/images',
    headers: JSON_ACCEPT,
    json: { name: 'n'.repeat(256) },
  },
  {
    name: 'create: property value not a string',
    method: 'POST',
    path: '/v2/images',
    headers: JSON_ACCEPT,
    json: { name: 'x', cores: 4 },
  },
  {
    name: 'create: malformed JSON',
    method: 'POST',
    path: '/v2/images',
    headers: { 'content-type': 'application/json', ...JSON_ACCEPT },
    text: '{"name": ',
  },
  {
    name: 'create: body not an object',
    method: 'POST',
    path: '/v2/images',
    headers: JSON_ACCEPT,
    json: ['x'],
  },
  {
    name: 'create: public by a member',
    method: 'POST',
    path: '/v2/images',
    headers: JSON_ACCEPT,
    json: { name: 'x', visibility: 'public' },
  },
  {
    name: 'create: another owner',
    method: 'POST',
    path: '/v2/images',
    headers: JSON_ACCEPT,
    json: { name: 'x', owner: PROJECTS.other },
  },

  // Patch.
  patch('patch: replace name, add a property', CREATED.plain, [
    { op: 'replace', path: '/name', value: 'glance-renamed' },
    { op: 'add', path: '/hw_disk_bus', value: 'virtio' },
  ]),
  patch('patch: remove a property', CREATED.plain, [{ op: 'remove', path: '/os_distro' }]),
  patch('patch: remove a missing property', CREATED.plain, [{ op: 'remove', path: '/os_distro' }]),
  patch('patch: replace a missing property', CREATED.plain, [
    { op: 'replace', path: '/os_version', value: '1' },
  ]),
  patch('patch: add tags', CREATED.plain, [{ op: 'replace', path: '/tags', value: ['web', 'jammy'] }]),
  patch('patch: read-only status', CREATED.plain, [{ op: 'replace', path: '/status', value: 'active' }]),
  patch('patch: read-only checksum', CREATED.plain, [{ op: 'replace', path: '/checksum', value: 'x' }]),
  patch('patch: reserved location', CREATED.plain, [{ op: 'replace', path: '/location', value: 'x' }]),
  patch('patch: reserved namespace', CREATED.plain, [{ op: 'add', path: '/os_glance_x', value: 'x' }]),
  patch('patch: bad op', CREATED.plain, [{ op: 'move', path: '/name', value: 'x' }]),
  patch('patch: missing op', CREATED.plain, [{ path: '/name', value: 'x' }]),
  patch('patch: missing path', CREATED.plain, [{ op: 'replace', value: 'x' }]),
  patch('patch: missing value', CREATED.plain, [{ op: 'replace', path: '/name' }]),
  patch('patch: pointer without slash', CREATED.plain, [{ op: 'replace', path: 'name', value: 'x' }]),
  patch('patch: nested pointer', CREATED.plain, [{ op: 'replace', path: '/name/first', value: 'x' }]),
  patch('patch: bad value type', CREATED.plain, [{ op: 'replace', path: '/min_ram', value: 'lots' }]),
  patch('patch: body not a list', CREATED.plain, { op: 'replace', path: '/name', value: 'x' }),
  patch('patch: operation not an object', CREATED.plain, ['replace']),
  patch('patch: public by a member', CREATED.plain, [
    { op: 'replace', path: '/visibility', value: 'public' },
  ]),
  patch('patch: unknown image', MISSING, [{ op: 'replace', path: '/name', value: 'x' }]),
  patch(
    "patch: another project's public image",
    SAMPLE,
    [{ op: 'replace', path: '/name', value: 'x' }],
    'other',
  ),
  {
    name: 'patch: wrong content type',
    method: 'PATCH',
    path: `/v2/images/${CREATED.plain}`,
    headers: { 'content-type': 'application/json', ...JSON_ACCEPT },
    json: [{ op: 'replace', path: '/name', value: 'x' }],
  },
  {
    name: 'patch: json-patch draft 4 syntax',
    method: 'PATCH',
    path: `/v2/images/${CREATED.plain}`,
    headers: { 'content-type': 'application/openstack-images-v2.0-json-patch', ...JSON_ACCEPT },
    json: [{ replace: '/min_disk', value: 2 }],
  },

  // Data.
  get('download before upload', `/v2/images/${CREATED.plain}/file`),
  {
    name: 'upload: wrong content type',
    method: 'PUT',
    path: `/v2/images/${CREATED.plain}/file`,
    headers: { 'content-type': 'text/plain', ...JSON_ACCEPT },
    text: 'hello, glance',
  },
  {
    name: 'upload',
    method: 'PUT',
    path: `/v2/images/${CREATED.plain}/file`,
    headers: { 'content-type': 'application/octet-stream', ...JSON_ACCEPT },
    text: 'hello, glance',
  },
  get('show after upload', `/v2/images/${CREATED.plain}`),
  get('download', `/v2/images/${CREATED.plain}/file`),
  {
    name: 'upload again',
    method: 'PUT',
    path: `/v2/images/${CREATED.plain}/file`,
    headers: { 'content-type': 'application/octet-stream', ...JSON_ACCEPT },
    text: 'again',
  },
  get('upload to an unknown image', `/v2/images/${MISSING}/file`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', ...JSON_ACCEPT },
    text: 'x',
  }),
  patch('patch: disk_format of an active image', CREATED.plain, [
    { op: 'replace', path: '/disk_format', value: 'raw' },
  ]),

  // Deactivate and reactivate.
  get('deactivate', `/v2/images/${CREATED.plain}/actions/deactivate`, { method: 'POST' }),
  get('show deactivated', `/v2/images/${CREATED.plain}`),
  get('download deactivated', `/v2/images/${CREATED.plain}/file`),
  get('deactivate again', `/v2/images/${CREATED.plain}/actions/deactivate`, { method: 'POST' }),
  get('reactivate', `/v2/images/${CREATED.plain}/actions/reactivate`, { method: 'POST' }),
  get('reactivate an active image', `/v2/images/${CREATED.plain}/actions/reactivate`, { method: 'POST' }),
  get('deactivate by a member of another project', `/v2/images/${SAMPLE}/actions/deactivate`, {
    method: 'POST',
    caller: 'other',
  }),
  get('deactivate a missing image', `/v2/images/${MISSING}/actions/deactivate`, { method: 'POST' }),
  get('deactivate with GET', `/v2/images/${CREATED.plain}/actions/deactivate`),

  // Tags.
  get('add a tag', `/v2/images/${CREATED.plain}/tags/fresh`, { method: 'PUT' }),
  get('add the tag again', `/v2/images/${CREATED.plain}/tags/fresh`, { method: 'PUT' }),
  get('delete a tag', `/v2/images/${CREATED.plain}/tags/web`, { method: 'DELETE' }),
  get('delete a missing tag', `/v2/images/${CREATED.plain}/tags/web`, { method: 'DELETE' }),
  get('list: tag', '/v2/images?tag=fresh'),
  get('list: two tags', '/v2/images?tag=fresh&tag=jammy'),
  get('tag with POST', `/v2/images/${CREATED.plain}/tags/fresh`, { method: 'POST' }),

  // Members.
  {
    name: 'create a shared image',
    method: 'POST',
    path: '/v2/images',
    headers: JSON_ACCEPT,
    json: {
      id: CREATED.shared,
      name: 'team-image',
      visibility: 'shared',
      disk_format: 'raw',
      container_format: 'bare',
    },
  },
  get('members: none yet', `/v2/images/${CREATED.shared}/members`),
  get('members: add', `/v2/images/${CREATED.shared}/members`, {
    method: 'POST',
    json: { member: PROJECTS.other },
  }),
  get('members: add again', `/v2/images/${CREATED.shared}/members`, {
    method: 'POST',
    json: { member: PROJECTS.other },
  }),
  get('members: add without member', `/v2/images/${CREATED.shared}/members`, { method: 'POST', json: {} }),
  get('members: list', `/v2/images/${CREATED.shared}/members`),
  get('members: show', `/v2/images/${CREATED.shared}/members/${PROJECTS.other}`),
  get('members: show unknown', `/v2/images/${CREATED.shared}/members/${MISSING.replace(/-/g, '')}`),
  get('member sees the pending image', `/v2/images/${CREATED.shared}`, { caller: 'other' }),
  get('member list: pending hidden by default', '/v2/images?visibility=shared', { caller: 'other' }),
  get('member list: pending', '/v2/images?member_status=pending', { caller: 'other' }),
  get('members: owner cannot accept', `/v2/images/${CREATED.shared}/members/${PROJECTS.other}`, {
    method: 'PUT',
    json: { status: 'accepted' },
  }),
  get('members: bad status', `/v2/images/${CREATED.shared}/members/${PROJECTS.other}`, {
    method: 'PUT',
    caller: 'other',
    json: { status: 'maybe' },
  }),
  get('members: accept', `/v2/images/${CREATED.shared}/members/${PROJECTS.other}`, {
    method: 'PUT',
    caller: 'other',
    json: { status: 'accepted' },
  }),
  get('member list: accepted', '/v2/images?visibility=shared', { caller: 'other' }),
  get('members: member lists members', `/v2/images/${CREATED.shared}/members`, { caller: 'other' }),
  get('members: reject', `/v2/images/${CREATED.shared}/members/${PROJECTS.other}`, {
    method: 'PUT',
    caller: 'other',
    json: { status: 'rejected' },
  }),
  get('member list: rejected', '/v2/images?member_status=rejected', { caller: 'other' }),
  get('member list: all statuses', '/v2/images?member_status=all&visibility=shared', { caller: 'other' }),
  get('members: on a private image', `/v2/images/${CREATED.plain}/members`, {
    method: 'POST',
    json: { member: PROJECTS.other },
  }),
  get('members: list of a private image', `/v2/images/${CREATED.plain}/members`),
  get('members: delete', `/v2/images/${CREATED.shared}/members/${PROJECTS.other}`, { method: 'DELETE' }),
  get('members: delete again', `/v2/images/${CREATED.shared}/members/${PROJECTS.other}`, {
    method: 'DELETE',
  }),
  get('former member cannot see it', `/v2/images/${CREATED.shared}`, { caller: 'other' }),

  // Hidden and community images.
  {
    name: 'create a hidden image',
    method: 'POST',
    path: '/v2/images',
    headers: JSON_ACCEPT,
    json: { id: CREATED.hidden, name: 'hidden-image', os_hidden: true },
  },
  get('list: hidden left out', '/v2/images?name=hidden-image'),
  get('list: os_hidden=true', '/v2/images?os_hidden=true'),
  get('show a hidden image', `/v2/images/${CREATED.hidden}`),
  {
    name: 'create a community image',
    method: 'POST',
    path: '/v2/images',
    headers: JSON_ACCEPT,
    json: { id: CREATED.community, name: 'community-image', visibility: 'community' },
  },
  get("community: not in others' default list", '/v2/images?name=community-image', { caller: 'other' }),
  get("community: in others' community list", '/v2/images?visibility=community', { caller: 'other' }),
  get('community: owner lists it', '/v2/images?name=community-image'),

  // Admin.
  get('admin: visibility all', '/v2/images?visibility=all&limit=3', { caller: 'admin' }),
  get('admin: private images of others', '/v2/images?visibility=private', { caller: 'admin' }),

  // Delete.
  {
    name: 'create an image to delete',
    method: 'POST',
    path: '/v2/images',
    headers: JSON_ACCEPT,
    json: { id: CREATED.doomed, name: 'doomed', protected: true },
  },
  get('delete a protected image', `/v2/images/${CREATED.doomed}`, { method: 'DELETE' }),
  patch('unprotect', CREATED.doomed, [{ op: 'replace', path: '/protected', value: false }]),
  get("delete another project's image", `/v2/images/${SAMPLE}`, { method: 'DELETE', caller: 'other' }),
  get('delete', `/v2/images/${CREATED.doomed}`, { method: 'DELETE' }),
  get('show deleted', `/v2/images/${CREATED.doomed}`),
  get('delete again', `/v2/images/${CREATED.doomed}`, { method: 'DELETE' }),
  get('list after delete', '/v2/images?name=doomed'),

  // Schemas.
  get('schema: image', '/v2/schemas/image'),
  get('schema: images', '/v2/schemas/images'),
  get('schema: member', '/v2/schemas/member'),
  get('schema: members', '/v2/schemas/members'),
  get('schema: unknown', '/v2/schemas/flavor'),
  get('schema with POST', '/v2/schemas/image', { method: 'POST', json: {} }),

  // Routing.
  get('PUT on the collection', '/v2/images', { method: 'PUT', json: {} }),
  get('POST on an image', `/v2/images/${SAMPLE}`, { method: 'POST', json: {} }),
  get('unknown path', '/v2/flavors'),
  get('DELETE the file', `/v2/images/${SAMPLE}/file`, { method: 'DELETE' }),
];
