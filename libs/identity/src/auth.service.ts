import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import { Unauthenticated, negotiate } from '@probity/i18n';
import type { AuthUser } from './auth-user';
import type { User } from './entities/user.entity';
import { LoginThrottle } from './login-throttle';
import { verifyPassword } from './passwords';
import { SessionsRepository, type SignedInRow } from './repositories/sessions.repository';
import { UsersRepository } from './repositories/users.repository';
import { type TokenClaims, VerifiedTokens, signToken, tokenKey } from './tokens';
import { userView, type UserView } from './users.service';

export const SESSION_TTL_HOURS = 12;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

@Injectable()
export class AuthService {
  private readonly key: KeyObject;
  private readonly tokens: VerifiedTokens;

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly throttle: LoginThrottle,
    config: ConfigService,
  ) {
    this.key = tokenKey(config.getOrThrow<string>('PROBITY_SECRET'));
    this.tokens = new VerifiedTokens(this.key);
  }

  /**
   * Checks the password under the login limits (LoginThrottle): the attempt is counted before the
   * password is checked, so parallel guesses cannot pass the limit. Answers the user.
   */
  async authenticate(emailInput: string, password: string, ip: string): Promise<User> {
    const email = emailInput.trim().toLowerCase();
    await this.throttle.reserve(email, ip);
    const user = await this.users.withPasswordHash({ email });
    const ok = await verifyPassword(user?.passwordHash, password);
    if (!user || !ok || !user.active) throw new Unauthenticated('invalid_credentials');
    await this.throttle.succeeded(email, ip);
    await this.users.markSeen(user.id);
    return user;
  }

  /** A user row with its password hash (which is never selected otherwise). */
  withPasswordHash(manager: EntityManager, where: { email: string } | { id: string }, lock = false): Promise<User | null> {
    return this.users.withPasswordHash(where, manager, lock);
  }

  async login(email: string, password: string, ip: string): Promise<{ accessToken: string; user: UserView }> {
    const user = await this.authenticate(email, password, ip);
    return { accessToken: await this.issueToken(user), user: userView(user) };
  }

  /** A bearer token for `user`, under the account's current token version. */
  issueToken(user: Pick<User, 'id' | 'tokenVersion'>): Promise<string> {
    return signToken(this.key, user.id, { version: user.tokenVersion });
  }

  /** The claims of a token whose signature holds; whether it still counts is checked with its user (`userForClaims`). */
  tokenClaims(token: string): Promise<TokenClaims | undefined> {
    return this.tokens.claims(token);
  }

  /** The token's user id when the signature and claims hold; whether that user is active is not checked. */
  async tokenSubject(token: string): Promise<string | undefined> {
    return (await this.tokens.claims(token))?.sub;
  }

  /** The user behind a bearer token, if the token is valid, not revoked, and the account still active. */
  async userForToken(token: string): Promise<AuthUser | undefined> {
    const claims = await this.tokens.claims(token);
    return claims ? this.userForClaims(claims) : undefined;
  }

  /** The hot path of every API call: one statement checks the account and the token (`SessionsRepository.tokenUser`). */
  async userForClaims(claims: TokenClaims): Promise<AuthUser | undefined> {
    if (!UUID.test(claims.sub)) return undefined;
    const row = await this.sessions.tokenUser(claims.sub, claims.ver, claims.jti);
    return row ? fromRow(row) : undefined;
  }

  /** An active user by id (e.g. who started a background job), without a token. */
  async activeUser(id: string): Promise<AuthUser | undefined> {
    if (!UUID.test(id)) return undefined;
    const row = await this.sessions.activeUser(id);
    return row ? fromRow(row) : undefined;
  }

  /** Logout of an API client: this token no longer counts, on every replica, until it would have expired. */
  async revokeToken(claims: TokenClaims): Promise<void> {
    await this.sessions.revokeToken(claims.jti, claims.exp);
    if (Math.random() < 0.01) void this.sessions.forgetExpiredRevocations().catch(() => undefined);
  }

  /**
   * Ends every token and page session of a user at once (deactivation, a password reset), or all
   * sessions but `keepCookie`'s (a person changing their own password), in `manager`'s transaction.
   * Answers how many sessions ended.
   */
  async endEverything(manager: EntityManager, userId: string, keepCookie?: string): Promise<number> {
    await this.users.bumpTokenVersion(manager, userId);
    return this.sessions.endSessionsOf(manager, userId, keepCookie ? sha256(keepCookie) : '');
  }

  /** A browser session: the cookie value goes to the browser, only its hash is stored. */
  async startSession(userId: string): Promise<{ cookie: string; csrfToken: string; expiresAt: Date }> {
    const cookie = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_TTL_HOURS * 3600_000);
    await this.sessions.startSession({ tokenHash: sha256(cookie), userId, csrfToken, expiresAt });
    return { cookie, csrfToken, expiresAt };
  }

  async resumeSession(cookie: string): Promise<{ user: AuthUser; csrfToken: string } | undefined> {
    const row = await this.sessions.resumeSession(sha256(cookie));
    return row ? { csrfToken: row.csrf_token, user: fromRow(row) } : undefined;
  }

  async endSession(cookie: string): Promise<void> {
    await this.sessions.endSession(sha256(cookie));
  }
}

function fromRow(row: SignedInRow): AuthUser {
  return {
    id: row.id,
    email: row.email,
    fullName: row.full_name,
    roles: row.roles,
    academyId: row.academy_id,
    locale: negotiate(row.locale, row.default_locale),
    academyLocale: row.default_locale ? negotiate(row.default_locale) : undefined,
    timeZone: row.time_zone ?? 'UTC',
  };
}
