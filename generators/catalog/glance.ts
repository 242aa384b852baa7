/** Facts about Glance-side image fields: the tags operators and users put on images. */

/** Tags of published builds (what image pipelines such as diskimage-builder jobs add). */
export const PUBLISHED_TAGS = ['official', 'cloud-init', 'latest', 'lts', 'hardened', 'uefi'] as const;

/** Tags users give their uploads. */
export const UPLOAD_TAGS = [
  'dev',
  'ci',
  'golden',
  'web',
  'db',
  'k8s-node',
  'test',
  'team-a',
  'team-b',
] as const;

/** Glance's `[DEFAULT] hashing_algorithm`. */
export const HASH_ALGORITHM = 'sha512';
