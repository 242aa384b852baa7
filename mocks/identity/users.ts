/**
 * The users file of `serve --users FILE` (or the `users` option): who may log in, with which
 * password, to which project and with which roles. JSON, or one `user:password:project:roles` a line.
 */
import { DEFAULT_PROJECT_NAME } from './ids.ts';

export interface UserEntry {
  user: string;
  password: string;
  /** Project name; default `demo`. */
  project?: string;
  /** Role names; default `member`, `reader`. `admin` makes the caller an admin (sees and edits every image). */
  roles?: string[];
}

export const DEFAULT_ROLES = ['member', 'reader'];

export class UsersFileError extends Error {
  override name = 'UsersFileError';
}

function entryFrom(value: unknown, where: string): UserEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsersFileError(`${where}: expected an object {"user", "password", "project", "roles"}`);
  }
  const record = value as Record<string, unknown>;
  const { user, password, project, roles } = record;
  if (typeof user !== 'string' || user === '')
    throw new UsersFileError(`${where}: "user" must be a non-empty string`);
  if (typeof password !== 'string') throw new UsersFileError(`${where}: "password" must be a string`);
  if (project !== undefined && (typeof project !== 'string' || project === '')) {
    throw new UsersFileError(`${where}: "project" must be a non-empty string`);
  }
  const roleList = typeof roles === 'string' ? splitRoles(roles) : roles;
  if (
    roleList !== undefined &&
    !(Array.isArray(roleList) && roleList.every((role) => typeof role === 'string'))
  ) {
    throw new UsersFileError(`${where}: "roles" must be a list of role names`);
  }
  return {
    user,
    password,
    project: (project as string | undefined) ?? DEFAULT_PROJECT_NAME,
    roles: (roleList as string[] | undefined) ?? [...DEFAULT_ROLES],
  };
}

function splitRoles(text: string): string[] {
  return text
    .split(',')
    .map((role) => role.trim())
    .filter((role) => role !== '');
}

/**
 * Parses a users file: a JSON array of entries (or `{"users": [...]}`), or lines
 * `user:password[:project[:role,role]]` (blank lines and `#` comments skipped).
 */
export function parseUsers(text: string): UserEntry[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new UsersFileError(`not valid JSON: ${(error as Error).message}`);
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { users?: unknown }).users;
    if (!Array.isArray(list)) throw new UsersFileError('expected a JSON array of users or {"users": [...]}');
    return list.map((value, index) => entryFrom(value, `user #${index + 1}`));
  }
  const entries: UserEntry[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [user, password, project, roles] = line.split(':');
    if (password === undefined)
      throw new UsersFileError(`line ${index + 1}: expected user:password[:project[:roles]]`);
    entries.push(
      entryFrom(
        {
          user,
          password,
          project: project || undefined,
          roles: roles === undefined ? undefined : splitRoles(roles),
        },
        `line ${index + 1}`,
      ),
    );
  }
  return entries;
}

/** Accepts entries given in code: validates and fills the defaults. */
export function normalizeUsers(users: readonly unknown[]): UserEntry[] {
  return users.map((value, index) => entryFrom(value, `user #${index + 1}`));
}
