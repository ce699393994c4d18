import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { primaryPool, statementName } from '@probity/database';
import type { Role } from '../entities/user.entity';
import { WebSession } from '../entities/web-session.entity';
import { tokenStillValidSql } from '../tokens';

/** A signed-in user as the statements below read them: the account and its academy's locale and time zone. */
export interface SignedInRow {
  id: string;
  email: string;
  full_name: string;
  roles: Role[];
  academy_id: string | null;
  locale: string;
  default_locale: string | null;
  time_zone: string | null;
}

const USER_COLUMNS = 'u.id, u.email, u.full_name, u.roles, u.academy_id, u.locale, a.default_locale, a.time_zone';
const ACTIVE_USER_SQL = `SELECT ${USER_COLUMNS} FROM users u LEFT JOIN academies a ON a.id = u.academy_id WHERE u.id = $1 AND u.active`;
/** The user of a bearer token, in one statement: active, the token's version current, the token not revoked. */
const TOKEN_USER_SQL = `SELECT ${USER_COLUMNS} FROM users u LEFT JOIN academies a ON a.id = u.academy_id
  WHERE u.id = $1 AND ${tokenStillValidSql('u', 2, 3)}`;

/**
 * Who is signed in: page sessions (`web_sessions`, only the SHA-256 of the cookie is stored), revoked
 * API tokens (`revoked_tokens`) and the reads of a signed-in user that every request makes.
 */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The user of a token's claims. The hot path of every API call: one prepared statement straight on
   * the pool that TypeORM manages (measured: TypeORM's query runner per call costs more than the query itself).
   */
  async tokenUser(userId: string, version: number, jti: string): Promise<SignedInRow | undefined> {
    const { rows } = await primaryPool(this.dataSource).query<SignedInRow>({
      name: statementName('probity_token_user'),
      text: TOKEN_USER_SQL,
      values: [userId, version, jti],
    });
    return rows[0];
  }

  /** An active user by id, on the pool as above. */
  async activeUser(id: string): Promise<SignedInRow | undefined> {
    const { rows } = await primaryPool(this.dataSource).query<SignedInRow>({
      name: statementName('probity_active_user'),
      text: ACTIVE_USER_SQL,
      values: [id],
    });
    return rows[0];
  }

  /** The token no longer counts, until it would have expired (`expiresAt` in seconds since the epoch). */
  async revokeToken(jti: string, expiresAt: number): Promise<void> {
    await this.dataSource.query('INSERT INTO revoked_tokens (jti, expires_at) VALUES ($1, to_timestamp($2)) ON CONFLICT (jti) DO NOTHING', [
      jti,
      expiresAt,
    ]);
  }

  /** Forgets revocations of tokens that have expired anyway. */
  async forgetExpiredRevocations(): Promise<void> {
    await this.dataSource.query('DELETE FROM revoked_tokens WHERE expires_at < now()');
  }

  async startSession(session: Pick<WebSession, 'tokenHash' | 'userId' | 'csrfToken' | 'expiresAt'>): Promise<void> {
    await this.dataSource.getRepository(WebSession).insert(session);
  }

  /** The unexpired session of the cookie's hash, with its user if that user is active. */
  async resumeSession(tokenHash: string): Promise<(SignedInRow & { csrf_token: string }) | undefined> {
    const rows = await this.dataSource.query<(SignedInRow & { csrf_token: string })[]>(
      `SELECT s.csrf_token, ${USER_COLUMNS}
         FROM web_sessions s JOIN users u ON u.id = s.user_id LEFT JOIN academies a ON a.id = u.academy_id
        WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active`,
      [tokenHash],
    );
    return rows[0];
  }

  /** Ends the session of the cookie's hash, and every expired session with it. */
  async endSession(tokenHash: string): Promise<void> {
    await this.dataSource.query('DELETE FROM web_sessions WHERE token_hash = $1 OR expires_at < now()', [tokenHash]);
  }

  /** Ends every session of the user but the one of `keepHash` ('' keeps none), in the caller's transaction; answers how many ended. */
  async endSessionsOf(manager: EntityManager, userId: string, keepHash: string): Promise<number> {
    const [, ended] = await manager.query<[unknown, number]>('DELETE FROM web_sessions WHERE user_id = $1 AND token_hash <> $2', [
      userId,
      keepHash,
    ]);
    return ended;
  }
}
