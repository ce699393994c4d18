export * from './database.module';
export * from './embedded';
export * from './migrate';
export * from './options';
export * from './env.dto';
export * from './job-queue';
export * from './readiness';
export * from './settings';
