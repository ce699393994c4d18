import { plainToInstance, Transform } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, MinLength, Min, validateSync, IsUrl } from 'class-validator';

/** Every setting Probity reads from the environment, validated at boot. */
export class EnvDto {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: string = 'development';

  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  @MinLength(1, { message: 'DATABASE_URL must name a PostgreSQL server (npm start provides the embedded one)' })
  DATABASE_URL: string;

  /**
   * A PostgreSQL streaming replica (hot standby) of DATABASE_URL's database. Set, the public catalogue and public
   * certificate verification read from it (verification takes a certificate's status from the primary all the same);
   * a replica that is down or fails sends those reads back to the primary. Unset or empty (default): everything reads
   * from the primary. See docs/adr/0011-reads-from-a-replica.md.
   */
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsOptional()
  @IsString()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'PROBITY_DATABASE_REPLICA_URL must be a postgres:// URL of the read replica (or unset: everything reads from the primary)',
  })
  PROBITY_DATABASE_REPLICA_URL?: string;

  /** Connections each process may open to the replica (default: PROBITY_DB_POOL, else 10). */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsOptional()
  @IsInt({ message: 'PROBITY_DB_REPLICA_POOL must be a whole number of connections' })
  @Min(1, { message: 'PROBITY_DB_REPLICA_POOL must be at least 1' })
  PROBITY_DB_REPLICA_POOL?: number;

  @IsOptional()
  @IsIn(['0', '1'])
  PROBITY_DEMO: string = '0';

  @IsOptional()
  @IsEmail()
  PROBITY_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(10)
  PROBITY_ADMIN_PASSWORD?: string;

  @IsString()
  @MinLength(32, { message: 'PROBITY_SECRET must be at least 32 characters (a random string; npm start makes one for the demo)' })
  PROBITY_SECRET: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PROBITY_PUBLIC_URL?: string;

  /** smtp://user:pass@host:587 or smtps://…; unset: notifications stay in the inbox. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['smtp', 'smtps'], require_protocol: true })
  SMTP_URL?: string;

  @IsOptional()
  @IsString()
  SMTP_FROM?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /**
   * Set to 1 by `npm start` when it runs the embedded PostgreSQL (DATABASE_URL was unset): a demo on one
   * machine. Unset, the operator supplied DATABASE_URL and Probity runs as in production (see `isProduction`):
   * PROBITY_SECRET and PROBITY_PUBLIC_URL are then required.
   */
  @IsOptional()
  @IsIn(['0', '1'])
  PROBITY_EMBEDDED: string = '0';

  /**
   * 1 when DATABASE_URL points at PgBouncer in transaction mode: no named prepared statements, no timeouts sent
   * as startup parameters (set them on the database role). Default 0.
   */
  @IsOptional()
  @IsIn(['0', '1'])
  PROBITY_DB_PGBOUNCER: string = '0';

  /**
   * Milliseconds a request waits for a connection from the pool (pg `connectionTimeoutMillis`, which also
   * bounds connecting to PostgreSQL). When it runs out the API answers 503 with Retry-After. Default 5000.
   */
  @Transform(milliseconds(5000))
  @IsInt({ message: 'PROBITY_DB_CONNECT_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(1, { message: 'PROBITY_DB_CONNECT_TIMEOUT_MS must be at least 1 (ms)' })
  PROBITY_DB_CONNECT_TIMEOUT_MS: number = 5000;

  /**
   * PostgreSQL `statement_timeout` of every connection, in milliseconds: a statement that runs longer is
   * cancelled (the API answers 503). 0 turns it off. Default 30000.
   */
  @Transform(milliseconds(30_000))
  @IsInt({ message: 'PROBITY_DB_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(0, { message: 'PROBITY_DB_STATEMENT_TIMEOUT_MS must be 0 (off) or more' })
  PROBITY_DB_STATEMENT_TIMEOUT_MS: number = 30_000;

  /**
   * PostgreSQL `idle_in_transaction_session_timeout`, in milliseconds: a connection that holds a transaction
   * open without doing anything is closed, so that it cannot keep locks for ever. 0 turns it off. Default 60000.
   */
  @Transform(milliseconds(60_000))
  @IsInt({ message: 'PROBITY_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(0, { message: 'PROBITY_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS must be 0 (off) or more' })
  PROBITY_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: number = 60_000;

  /** Fastify `requestTimeout`: milliseconds to receive a whole request from the client (slow uploads). 0: none. Default 60000. */
  @Transform(milliseconds(60_000))
  @IsInt({ message: 'PROBITY_HTTP_REQUEST_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(0, { message: 'PROBITY_HTTP_REQUEST_TIMEOUT_MS must be 0 (off) or more' })
  PROBITY_HTTP_REQUEST_TIMEOUT_MS: number = 60_000;

  /** Fastify `connectionTimeout`: milliseconds a connection may stay silent before it is closed. 0: none. Default 120000. */
  @Transform(milliseconds(120_000))
  @IsInt({ message: 'PROBITY_HTTP_CONNECTION_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(0, { message: 'PROBITY_HTTP_CONNECTION_TIMEOUT_MS must be 0 (off) or more' })
  PROBITY_HTTP_CONNECTION_TIMEOUT_MS: number = 120_000;

  /**
   * On SIGTERM a server answers 503 on /health/ready at once, keeps serving for this many milliseconds (the load
   * balancer's time to notice and stop sending), then closes. Default 5000; the tests use 0.
   */
  @Transform(milliseconds(5000))
  @IsInt({ message: 'PROBITY_DRAIN_MS must be a whole number of milliseconds' })
  @Min(0, { message: 'PROBITY_DRAIN_MS must be 0 or more' })
  PROBITY_DRAIN_MS: number = 5000;
}

/** A whole number of milliseconds from the environment; unset or empty: the default. */
function milliseconds(fallback: number) {
  return ({ value }: { value: unknown }): unknown => (value === undefined || value === '' ? fallback : Number(value));
}

/**
 * Production means the operator supplied DATABASE_URL: `npm start` without it runs the embedded PostgreSQL and
 * says so with PROBITY_EMBEDDED=1, the tests run with NODE_ENV=test, and a developer may say NODE_ENV=development.
 * NODE_ENV=production always means production.
 */
export function isProduction(raw: Record<string, unknown>): boolean {
  if (raw.NODE_ENV === 'production') return true;
  if (raw.NODE_ENV === 'test' || raw.NODE_ENV === 'development') return false;
  return raw.PROBITY_EMBEDDED !== '1';
}

/** For ConfigModule.forRoot({ validate }): a bad value stops start-up with a clear message. */
export function validateEnv(raw: Record<string, unknown>): EnvDto {
  const env = plainToInstance(EnvDto, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false });
  const production = isProduction(raw);
  const missing = (name: string) => typeof raw[name] !== 'string' || raw[name] === '';
  // In production every server and worker must share these two: say so plainly rather than by a validator's rule.
  const required = production ? ['PROBITY_SECRET', 'PROBITY_PUBLIC_URL'].filter(missing) : [];
  const problems = errors.filter((e) => !required.includes(e.property)).flatMap((e) => Object.values(e.constraints ?? {}));
  for (const name of required) {
    problems.push(
      name === 'PROBITY_SECRET'
        ? 'PROBITY_SECRET must be set in production (DATABASE_URL given): one random string of 32 characters or more, the same for every server and worker'
        : 'PROBITY_PUBLIC_URL must be set in production (DATABASE_URL given): the address people use to reach Probity, e.g. https://learn.example.org (links in e-mails and QR codes use it)',
    );
  }
  if (production && /demo|change.?me|secret/i.test(env.PROBITY_SECRET ?? '')) {
    problems.push('PROBITY_SECRET looks like a placeholder; production needs a real random secret');
  }
  if (problems.length) throw new Error(`Probity cannot start, its configuration is wrong:\n  - ${problems.join('\n  - ')}`);
  return env;
}
