import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { Unauthenticated, negotiate } from '@probity/i18n';
import type { AuthUser } from './auth-user';
import { User } from './entities/user.entity';
import { WebSession } from './entities/web-session.entity';
import { LoginThrottle } from './login-throttle';
import { verifyPassword } from './passwords';
import { type TokenClaims, VerifiedTokens, signToken, tokenKey, tokenStillValidSql } from './tokens';
import { userView, type UserView } from './users.service';

export const SESSION_TTL_HOURS = 12;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USER_COLUMNS = 'u.id, u.email, u.full_name, u.roles, u.academy_id, u.locale, a.default_locale, a.time_zone';
const ACTIVE_USER_SQL = `SELECT ${USER_COLUMNS} FROM users u LEFT JOIN academies a ON a.id = u.academy_id WHERE u.id = $1 AND u.active`;
/** The user of a bearer token, in one statement: active, the token's version current, the token not revoked. */
const TOKEN_USER_SQL = `SELECT ${USER_COLUMNS} FROM users u LEFT JOIN academies a ON a.id = u.academy_id
  WHERE u.id = $1 AND ${tokenStillValidSql('u', 2, 3)}`;

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

@Injectable()
export class AuthService {
  private readonly key: KeyObject;
  private readonly tokens: VerifiedTokens;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
    const user = await this.withPasswordHash(this.dataSource.manager, { email });
    const ok = await verifyPassword(user?.passwordHash, password);
    if (!user || !ok || !user.active) throw new Unauthenticated('invalid_credentials');
    await this.throttle.succeeded(email, ip);
    return user;
  }

  /** A user row with its password hash (which is never selected otherwise). */
  withPasswordHash(manager: EntityManager, where: { email: string } | { id: string }, lock = false): Promise<User | null> {
    const qb = manager.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash');
    if ('email' in where) qb.where('u.email = :email', { email: where.email });
    else qb.where('u.id = :id', { id: where.id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
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

  /**
   * The hot path of every API call: one prepared statement straight on the pool that TypeORM
   * manages (measured: TypeORM's query runner per call costs more than the query itself).
   */
  async userForClaims(claims: TokenClaims): Promise<AuthUser | undefined> {
    if (!UUID.test(claims.sub)) return undefined;
    const { rows } = await this.pool().query<UserRow>({
      name: 'probity_token_user',
      text: TOKEN_USER_SQL,
      values: [claims.sub, claims.ver, claims.jti],
    });
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** An active user by id (e.g. who started a background job), without a token. */
  async activeUser(id: string): Promise<AuthUser | undefined> {
    if (!UUID.test(id)) return undefined;
    const { rows } = await this.pool().query<UserRow>({ name: 'probity_active_user', text: ACTIVE_USER_SQL, values: [id] });
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** Logout of an API client: this token no longer counts, on every replica, until it would have expired. */
  async revokeToken(claims: TokenClaims): Promise<void> {
    await this.dataSource.query('INSERT INTO revoked_tokens (jti, expires_at) VALUES ($1, to_timestamp($2)) ON CONFLICT (jti) DO NOTHING', [
      claims.jti,
      claims.exp,
    ]);
    if (Math.random() < 0.01) void this.dataSource.query('DELETE FROM revoked_tokens WHERE expires_at < now()').catch(() => undefined);
  }

  /**
   * Ends every token and page session of a user at once (deactivation, a password reset), or all
   * sessions but `keepCookie`'s (a person changing their own password), in `manager`'s transaction.
   * Answers how many sessions ended.
   */
  async endEverything(manager: EntityManager, userId: string, keepCookie?: string): Promise<number> {
    await manager.query('UPDATE users SET token_version = token_version + 1 WHERE id = $1', [userId]);
    const [, ended] = await manager.query<[unknown, number]>('DELETE FROM web_sessions WHERE user_id = $1 AND token_hash <> $2', [
      userId,
      keepCookie ? sha256(keepCookie) : '',
    ]);
    return ended;
  }

  /** A browser session: the cookie value goes to the browser, only its hash is stored. */
  async startSession(userId: string): Promise<{ cookie: string; csrfToken: string; expiresAt: Date }> {
    const cookie = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_TTL_HOURS * 3600_000);
    await this.dataSource.getRepository(WebSession).insert({ tokenHash: sha256(cookie), userId, csrfToken, expiresAt });
    return { cookie, csrfToken, expiresAt };
  }

  async resumeSession(cookie: string): Promise<{ user: AuthUser; csrfToken: string } | undefined> {
    const rows = await this.dataSource.query<(UserRow & { csrf_token: string })[]>(
      `SELECT s.csrf_token, ${USER_COLUMNS}
         FROM web_sessions s JOIN users u ON u.id = s.user_id LEFT JOIN academies a ON a.id = u.academy_id
        WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active`,
      [sha256(cookie)],
    );
    return rows[0] ? { csrfToken: rows[0].csrf_token, user: fromRow(rows[0]) } : undefined;
  }

  async endSession(cookie: string): Promise<void> {
    await this.dataSource.query('DELETE FROM web_sessions WHERE token_hash = $1 OR expires_at < now()', [sha256(cookie)]);
  }

  private pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }
}

interface UserRow {
  id: string;
  email: string;
  full_name: string;
  roles: User['roles'];
  academy_id: string | null;
  locale: string;
  default_locale: string | null;
  time_zone: string | null;
}

function fromRow(row: UserRow): AuthUser {
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
