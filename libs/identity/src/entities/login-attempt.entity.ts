import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Failed logins, counted per account and per address for rate limiting. */
@Entity('login_failures')
@Index('login_failures_email_at', ['email', 'at'])
@Index('login_failures_ip_at', ['ip', 'at'])
export class LoginFailure {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 64 })
  ip: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
