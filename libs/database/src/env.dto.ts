import { plainToInstance, Transform } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MinLength, Min, validateSync, IsUrl } from 'class-validator';

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
}

/** For ConfigModule.forRoot({ validate }): a bad value stops start-up with a clear message. */
export function validateEnv(raw: Record<string, unknown>): EnvDto {
  const env = plainToInstance(EnvDto, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  if (env.NODE_ENV === 'production' && /demo|change.?me|secret/i.test(env.PROBITY_SECRET ?? '')) {
    problems.push('PROBITY_SECRET looks like a placeholder; production needs a real random secret');
  }
  if (problems.length) throw new Error(`Probity cannot start, its configuration is wrong:\n  - ${problems.join('\n  - ')}`);
  return env;
}
