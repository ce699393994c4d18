import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Login attempts counted per account and client address (`email`, `address`), and per address alone
 * (`email` = ''). An attempt is counted before its password is checked, in one statement, so parallel
 * guesses cannot pass the limit; a right password clears the account's row. See LoginThrottle.
 */
@Entity('login_throttles')
@Index('login_throttles_address', ['address'])
export class LoginThrottleEntry {
  @PrimaryColumn({ type: 'varchar', length: 254 })
  email: string;

  /** An IPv4 address or an IPv6 /64 (clientAddressKey). */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  address: string;

  /** Attempts counted since `first_at` (or, after a lock, since the counting last began). */
  @Column({ type: 'int' })
  failures: number;

  @Column({ type: 'timestamptz', name: 'first_at', default: () => 'now()' })
  firstAt: Date;

  @Column({ type: 'timestamptz', name: 'last_at', default: () => 'now()' })
  lastAt: Date;

  /** No attempt is checked before this time. */
  @Column({ type: 'timestamptz', name: 'locked_until', nullable: true })
  lockedUntil: Date | null;
}
