import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/** TypeORM settings shared by the server, the worker, the seed and the tests: migrations only. */
export function databaseOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // gen_random_uuid() is built into PostgreSQL 13+: no extension needed.
    uuidExtension: 'pgcrypto',
    extra: { max: Number(process.env.PROBITY_DB_POOL ?? 10), application_name: 'probity' },
    ...extra,
  } as DataSourceOptions;
}
