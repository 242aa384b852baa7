/**
 * Who is calling (behaviour spec §6, §14.1): the users who may log in, the tokens issued, and the
 * auth mode. No HTTP here: keystone.ts speaks Keystone v3 over it, middleware.ts reads tokens
 * from requests as keystonemiddleware does.
 */
import { DEFAULT_PROJECT_NAME, isHexProjectId, projectIdFor, roleIdFor, userIdFor } from './ids.ts';
import { DEFAULT_ROLES, normalizeUsers, type UserEntry } from './users.ts';

/** `none`: no token needed (a valid one still selects its project); `token`: keystonemiddleware's 401 without one. */

/** Tokens kept before the first sweep of expired ones. */
const PRUNE_AT_LEAST = 1024;
/**
 * Live tokens kept at most: a client that logs in for every call would otherwise grow the map for
 * a whole token lifetime (24 h by default). Past the cap the oldest token is forgotten, and a
 * request with it gets the 401 of an expired token.
 */
export const MAX_LIVE_TOKENS = 10_000;
/**
 * Keystone's columns (keystone/identity/backends/sql_model.py `LocalUser.name` String(255),
 * `User.id` String(64); keystone/resource/backends/sql_model.py `Project.name` and `id`
 * String(64)): a longer name or id names no one, so its log-in is Keystone's 401, and no token
 * keeps a huge one.
 */
const MAX_USER_NAME = 255;
const MAX_ID_OR_PROJECT_NAME = 64;

function namesSomeone(credentials: Credentials): boolean {
  return (
    (credentials.userName?.length ?? 0) <= MAX_USER_NAME &&
    [credentials.userId, credentials.project?.id, credentials.project?.name].every(
      (value) => (value?.length ?? 0) <= MAX_ID_OR_PROJECT_NAME,
    )
  );
}
export type AuthMode = 'none' | 'token';
export const AUTH_MODES: readonly AuthMode[] = ['none', 'token'];

/** Keystone's default: tokens live 24 hours. */
export const DEFAULT_TOKEN_TTL_SECONDS = 24 * 60 * 60;
/** Ten years: any longer and an expiry date soon leaves what a Date (and Keystone's ISO 8601) can hold. */
export const MAX_TOKEN_TTL_SECONDS = 10 * 365 * 24 * 60 * 60;

export interface IdentityOptions {
  auth?: AuthMode;
  tokenTtlSeconds?: number;
  /** Strict log-in: only these users, with these passwords. Default: anyone with any password. */
  users?: readonly UserEntry[];
  /** Id of the `demo` project (the configured project id). */
  projectId: string;
  clock?: () => Date;
}

export interface Named {
  id: string;
  name: string;
}

export interface Token {
  id: string;
  user: Named;
  project: Named;
  roles: Named[];
  methods: string[];
  issuedAt: Date;
  expiresAt: Date;
  auditId: string;
}

/** What a log-in asks for, as read from a Keystone v3 auth request. */
export interface Credentials {
  /** `password`: user name or id plus password; `token`: an existing token. */
  method: 'password' | 'token';
  userName?: string;
  userId?: string;
  password?: string;
  tokenId?: string;
  /** The requested project scope. */
  project?: { id?: string; name?: string };
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(48));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  // Keystone's fernet tokens start with `gAAAAA`; the rest is URL-safe base64.
  return `gAAAAAB${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

function randomAuditId(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export class Identity {
  readonly auth: AuthMode;
  readonly tokenTtlSeconds: number;
  readonly projectId: string;
  readonly #users: UserEntry[] | undefined;
  readonly #clock: () => Date;
  readonly #tokens = new Map<string, Token>();
  readonly #tokenListeners: (() => void)[] = [];
  #pruneAt = PRUNE_AT_LEAST;

  constructor(options: IdentityOptions) {
    this.auth = options.auth ?? 'none';
    if (!AUTH_MODES.includes(this.auth))
      throw new Error(`auth must be 'none' or 'token', got '${this.auth}'`);
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
    if (!(this.tokenTtlSeconds > 0 && this.tokenTtlSeconds <= MAX_TOKEN_TTL_SECONDS))
      throw new RangeError(
        `tokenTtlSeconds must be from 1 to ${MAX_TOKEN_TTL_SECONDS}, got ${this.tokenTtlSeconds}`,
      );
    this.projectId = options.projectId;
    this.#users = options.users ? normalizeUsers(options.users) : undefined;
    this.#clock = options.clock ?? (() => new Date());
  }

  /** True when only the users of a users file may log in. */
  get strict(): boolean {
    return this.#users !== undefined;
  }

  now(): Date {
    return this.#clock();
  }

  project(name: string): Named {
    return { id: projectIdFor(name, this.projectId), name };
  }

  /** A project asked for by id or name; ids of unknown names are kept when hex. */
  #resolveProject(scope: { id?: string; name?: string }): Named | undefined {
    if (scope.name !== undefined) return this.project(scope.name);
    if (scope.id === undefined) return undefined;
    for (const name of this.#knownProjectNames()) {
      if (projectIdFor(name, this.projectId) === scope.id) return { id: scope.id, name };
    }
    if (this.strict || !isHexProjectId(scope.id)) return undefined;
    return { id: scope.id, name: scope.id };
  }

  #knownProjectNames(): string[] {
    return [
      DEFAULT_PROJECT_NAME,
      ...(this.#users ?? []).map((entry) => entry.project ?? DEFAULT_PROJECT_NAME),
    ];
  }

  /** Checks credentials and issues a token; undefined = Keystone's 401. */
  authenticate(credentials: Credentials): Token | undefined {
    if (!namesSomeone(credentials)) return undefined;
    const scope = credentials.project;
    const requested = scope ? this.#resolveProject(scope) : undefined;
    if (scope && !requested) return undefined;
    let user: Named;
    let project: Named;
    let roles: string[];
    let methods: string[];
    if (credentials.method === 'token') {
      const previous = credentials.tokenId === undefined ? undefined : this.validate(credentials.tokenId);
      if (!previous) return undefined;
      user = previous.user;
      project = requested ?? previous.project;
      if (this.strict) {
        const entry = this.#entriesOf(user.name).find(
          (candidate) => this.#projectOf(candidate).id === project.id,
        );
        if (!entry) return undefined;
        roles = entry.roles ?? DEFAULT_ROLES;
      } else {
        roles = project.id === previous.project.id ? previous.roles.map((role) => role.name) : DEFAULT_ROLES;
      }
      methods = [...new Set([...previous.methods, 'token'])];
    } else {
      const name = credentials.userName ?? this.#nameOfUserId(credentials.userId);
      if (name === undefined || credentials.password === undefined) return undefined;
      if (this.strict) {
        const entry = this.#entriesOf(name).find(
          (candidate) =>
            candidate.password === credentials.password &&
            (requested === undefined || this.#projectOf(candidate).id === requested.id),
        );
        if (!entry) return undefined;
        project = requested ?? this.#projectOf(entry);
        roles = entry.roles ?? DEFAULT_ROLES;
      } else {
        project = requested ?? this.project(DEFAULT_PROJECT_NAME);
        roles = DEFAULT_ROLES;
      }
      user = { id: userIdFor(name), name };
      methods = ['password'];
    }
    return this.#issue(user, project, roles, methods);
  }

  #entriesOf(name: string): UserEntry[] {
    return (this.#users ?? []).filter((entry) => entry.user === name);
  }

  #projectOf(entry: UserEntry): Named {
    return this.project(entry.project ?? DEFAULT_PROJECT_NAME);
  }

  #nameOfUserId(id: string | undefined): string | undefined {
    if (id === undefined) return undefined;
    const known = (this.#users ?? []).find((entry) => userIdFor(entry.user) === id);
    if (known) return known.user;
    return this.strict ? undefined : id;
  }

  #issue(user: Named, project: Named, roles: string[], methods: string[]): Token {
    const issuedAt = this.now();
    const token: Token = {
      id: randomToken(),
      user,
      project,
      roles: roles.map((name) => ({ id: roleIdFor(name), name })),
      methods,
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + this.tokenTtlSeconds * 1000),
      auditId: randomAuditId(),
    };
    if (this.#tokens.size >= this.#pruneAt) this.#pruneExpired();
    this.#keep(token);
    this.#tokensChanged();
    return token;
  }

  /** Calls `listener` after a token is issued or revoked (not when tokens are restored). */
  onTokensChange(listener: () => void): void {
    this.#tokenListeners.push(listener);
  }

  #tokensChanged(): void {
    for (const listener of this.#tokenListeners) listener();
  }

  /** Stores a token, forgetting the oldest (a Map iterates in insertion order) beyond the cap. */
  #keep(token: Token): void {
    this.#tokens.set(token.id, token);
    for (const id of this.#tokens.keys()) {
      if (this.#tokens.size <= MAX_LIVE_TOKENS) break;
      this.#tokens.delete(id);
    }
  }

  /**
   * A long-running mock issues tokens for ever (clients re-authenticate before expiry): expired
   * ones are dropped whenever the map has doubled since the last sweep, so it stays bounded.
   */
  #pruneExpired(): void {
    const now = this.now().getTime();
    for (const [id, token] of this.#tokens) if (token.expiresAt.getTime() <= now) this.#tokens.delete(id);
    this.#pruneAt = Math.max(PRUNE_AT_LEAST, 2 * this.#tokens.size);
  }

  /** The token if it exists and has not expired. */
  validate(tokenId: string): Token | undefined {
    const token = this.#tokens.get(tokenId);
    if (!token) return undefined;
    if (token.expiresAt.getTime() <= this.now().getTime()) return undefined;
    return token;
  }

  revoke(tokenId: string): boolean {
    if (!this.#tokens.delete(tokenId)) return false;
    this.#tokensChanged();
    return true;
  }

  clearTokens(): void {
    this.#tokens.clear();
    this.#tokensChanged();
  }

  /** The tokens still valid, e.g. for a runtime to keep them across page reloads. */
  issuedTokens(): Token[] {
    return [...this.#tokens.values()].filter((token) => this.validate(token.id) !== undefined);
  }

  /** Takes back tokens from `issuedTokens()` (dates may come back as ISO strings from JSON). */
  restoreTokens(
    tokens: readonly (Omit<Token, 'issuedAt' | 'expiresAt'> & {
      issuedAt: Date | string;
      expiresAt: Date | string;
    })[],
  ): void {
    for (const token of tokens) {
      this.#keep({
        ...token,
        issuedAt: new Date(token.issuedAt),
        expiresAt: new Date(token.expiresAt),
      });
    }
  }
}
