import 'reflect-metadata';
import { validateEnv } from '@probity/database';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type * as Worker from './worker.module';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** LOG_LEVEL as pino names it (the server's logger), mapped onto Nest's levels. */
function logLevels(level = 'info'): LogLevel[] | false {
  if (level === 'silent') return false;
  const upTo = { fatal: 0, error: 1, warn: 2, info: 3, debug: 4, trace: 5 }[level] ?? 3;
  return LEVELS.slice(0, upTo + 1);
}

async function main(): Promise<void> {
  // A bad setting ends here, in one clear message, before Nest starts.
  validateEnv(process.env);
  // Loaded here so that a configuration error ends in one clear message, not a stack trace.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { WorkerModule } = require('./worker.module') as typeof Worker;
  const app = await NestFactory.createApplicationContext(WorkerModule, { abortOnError: false, logger: logLevels(process.env.LOG_LEVEL) });
  app.enableShutdownHooks();
  process.once('disconnect', () => void app.close().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
