import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** The limits a reservation applies (see `LOGIN_LIMITS` in login-throttle.ts). */
export interface LoginLimits {
  perAccount: number;
  windowMinutes: number;
  firstLockMinutes: number;
  maxLockMinutes: number;
  memoryHours: number;
  perAddress: number;
}

/** The number of attempts a row counts once this one is added ("fresh": counting starts again). */
const next = (fresh: string): string => `(CASE WHEN ${fresh} THEN 1 ELSE t.failures + 1 END)`;
const ADDRESS_FRESH = `(t.locked_until IS NOT NULL AND t.locked_until <= now()) OR (t.locked_until IS NULL AND t.first_at <= now() - make_interval(mins => $3::int))`;
const ACCOUNT_FRESH = `(t.locked_until IS NULL AND t.first_at <= now() - make_interval(mins => $3::int))
      OR (t.locked_until IS NOT NULL AND t.locked_until <= now() - make_interval(hours => $8::int))`;

/**
 * One statement reserves the attempt before its password is checked: first the address's row, then
 * (only if the address may still try) the account-and-address row. A row that is locked is not
 * updated, so nothing is returned for it and the attempt is refused without checking the password.
 * ON CONFLICT DO UPDATE works on the latest row version, so parallel attempts are counted one by one.
 */
const RESERVE_SQL = `
WITH place AS (
  INSERT INTO login_throttles AS t (email, address, failures) VALUES ('', $2, 1)
  ON CONFLICT (email, address) DO UPDATE SET
    failures = ${next(ADDRESS_FRESH)},
    first_at = CASE WHEN ${ADDRESS_FRESH} THEN now() ELSE t.first_at END,
    last_at = now(),
    locked_until = CASE WHEN ${next(ADDRESS_FRESH)} >= $4::int THEN now() + make_interval(mins => $3::int) END
  WHERE t.locked_until IS NULL OR t.locked_until <= now()
  RETURNING failures
), account AS (
  INSERT INTO login_throttles AS t (email, address, failures) SELECT $1, $2, 1 FROM place
  ON CONFLICT (email, address) DO UPDATE SET
    failures = ${next(ACCOUNT_FRESH)},
    first_at = CASE WHEN ${ACCOUNT_FRESH} THEN now() ELSE t.first_at END,
    last_at = now(),
    locked_until = CASE WHEN ${next(ACCOUNT_FRESH)} >= $5::int
      THEN now() + interval '1 minute' * least($7::int, $6::int * power(2, least(${next(ACCOUNT_FRESH)} - $5::int, 20))) END
  WHERE t.locked_until IS NULL OR t.locked_until <= now()
  RETURNING failures
)
SELECT EXISTS (SELECT 1 FROM account) AS allowed,
       (SELECT ceil(extract(epoch FROM max(locked_until) - now()) / 60)::int FROM login_throttles
         WHERE address = $2 AND email IN ('', $1) AND locked_until > now()) AS wait_minutes`;

/** Counted login attempts per account and client address (`login_throttles`). */
@Injectable()
export class LoginThrottlesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Counts an attempt (see RESERVE_SQL): whether it may be made, and how long the pair must wait otherwise. */
  async reserve(email: string, address: string, L: LoginLimits): Promise<{ allowed: boolean; waitMinutes: number | null }> {
    const [row] = await this.dataSource.query<{ allowed: boolean; wait_minutes: number | null }[]>(RESERVE_SQL, [
      email,
      address,
      L.windowMinutes,
      L.perAddress,
      L.perAccount,
      L.firstLockMinutes,
      L.maxLockMinutes,
      L.memoryHours,
    ]);
    return { allowed: row.allowed, waitMinutes: row.wait_minutes };
  }

  /** Forgets the account's attempts from the address, and gives the address one attempt back. */
  async succeeded(email: string, address: string): Promise<void> {
    await this.dataSource.query(
      `WITH cleared AS (DELETE FROM login_throttles WHERE email = $1 AND address = $2)
       UPDATE login_throttles SET failures = greatest(failures - 1, 0) WHERE email = '' AND address = $2`,
      [email, address],
    );
  }

  /** Forgets the account's attempts from every address, in the caller's transaction. */
  async clear(manager: EntityManager, email: string): Promise<void> {
    await manager.query('DELETE FROM login_throttles WHERE email = $1', [email]);
  }

  /** Forgets rows untouched (and unlocked) for more than `hours`. */
  async forgetOlderThan(hours: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM login_throttles WHERE greatest(last_at, coalesce(locked_until, last_at)) < now() - make_interval(hours => $1::int)`,
      [hours],
    );
  }
}
