import { type KeyObject, createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { ProbityError, Unauthenticated, negotiate } from '@probity/i18n';
import type { AuthUser } from './auth-user';
import { User } from './entities/user.entity';
import { WebSession } from './entities/web-session.entity';
import { verifyPassword } from './passwords';
import { VerifiedTokens, signToken, tokenKey } from './tokens';
import { userView, type UserView } from './users.service';

/** Failed logins allowed per window before login is refused for a while. */
export const LOGIN_LIMITS = { windowMinutes: 15, perAccount: 5, perAddress: 30 };
export const SESSION_TTL_HOURS = 12;

export class TooManyLoginAttempts extends ProbityError {
  constructor(minutes: number) {
    super(429, 'too_many_attempts', { count: minutes });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACTIVE_USER_SQL = `SELECT u.id, u.email, u.full_name, u.roles, u.academy_id, u.locale, a.default_locale, a.time_zone
  FROM users u LEFT JOIN academies a ON a.id = u.academy_id WHERE u.id = $1 AND u.active`;

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

@Injectable()
export class AuthService {
  private readonly key: KeyObject;
  private readonly tokens: VerifiedTokens;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: ConfigService,
  ) {
    this.key = tokenKey(config.getOrThrow<string>('PROBITY_SECRET'));
    this.tokens = new VerifiedTokens(this.key);
  }

  /** Checks the password under the per-account and per-address limits; answers the user. */
  async authenticate(emailInput: string, password: string, ip: string): Promise<User> {
    const email = emailInput.trim().toLowerCase();
    const [counts] = await this.dataSource.query<{ account: number; address: number }[]>(
      `SELECT count(*) FILTER (WHERE email = $1)::int AS account, count(*) FILTER (WHERE ip = $2)::int AS address
         FROM login_failures WHERE at > now() - make_interval(mins => $3) AND (email = $1 OR ip = $2)`,
      [email, ip, LOGIN_LIMITS.windowMinutes],
    );
    if (counts.account >= LOGIN_LIMITS.perAccount || counts.address >= LOGIN_LIMITS.perAddress) {
      throw new TooManyLoginAttempts(LOGIN_LIMITS.windowMinutes);
    }
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email })
      .getOne();
    const ok = await verifyPassword(user?.passwordHash, password);
    if (!user || !ok || !user.active) {
      await this.dataSource.query('INSERT INTO login_failures (email, ip) VALUES ($1, $2)', [email, ip]);
      throw new Unauthenticated('invalid_credentials');
    }
    await this.dataSource.query('DELETE FROM login_failures WHERE email = $1', [email]);
    return user;
  }

  async login(email: string, password: string, ip: string): Promise<{ accessToken: string; user: UserView }> {
    const user = await this.authenticate(email, password, ip);
    return { accessToken: await signToken(this.key, user.id), user: userView(user) };
  }

  /** The user behind a bearer token, if the token is valid and the account still active. */
  /** The token's user id when the signature and claims hold; whether that user is active is not checked. */
  tokenSubject(token: string): Promise<string | undefined> {
    return this.tokens.subject(token).then((id) => (id && UUID.test(id) ? id : undefined));
  }

  async userForToken(token: string): Promise<AuthUser | undefined> {
    const id = await this.tokens.subject(token);
    return id ? this.activeUser(id) : undefined;
  }

  /**
   * The hot path of every API call: one prepared statement straight on the pool that TypeORM
   * manages (measured: TypeORM's query runner per call costs more than the query itself).
   */
  async activeUser(id: string): Promise<AuthUser | undefined> {
    if (!UUID.test(id)) return undefined;
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const { rows } = await pool.query<UserRow>({ name: 'probity_active_user', text: ACTIVE_USER_SQL, values: [id] });
    return rows[0] ? fromRow(rows[0]) : undefined;
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
      `SELECT s.csrf_token, u.id, u.email, u.full_name, u.roles, u.academy_id, u.locale, a.default_locale, a.time_zone
         FROM web_sessions s JOIN users u ON u.id = s.user_id LEFT JOIN academies a ON a.id = u.academy_id
        WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active`,
      [sha256(cookie)],
    );
    return rows[0] ? { csrfToken: rows[0].csrf_token, user: fromRow(rows[0]) } : undefined;
  }

  async endSession(cookie: string): Promise<void> {
    await this.dataSource.query('DELETE FROM web_sessions WHERE token_hash = $1 OR expires_at < now()', [sha256(cookie)]);
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
