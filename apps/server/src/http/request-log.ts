import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger as Pino } from 'pino';

/**
 * The server's one logger: pino, JSON lines on stdout, written asynchronously (SonicBoom) so that logging stays off
 * the request's critical path; `LOG_LEVEL` as pino names it (default `info`). Nest's own messages and the request
 * log go through it.
 */
export function rootLogger(level = process.env.LOG_LEVEL ?? 'info'): Pino {
  const destination = pino.destination({ dest: 1, sync: false });
  // What is still buffered reaches stdout when the process ends (exit after SIGTERM, or a fatal error).
  process.once('exit', () => {
    try {
      destination.flushSync();
    } catch {
      // not yet open, or already closed: nothing left to write
    }
  });
  return pino({ level }, destination);
}

/** Nest's LoggerService on pino: `context` (the class that logs) becomes a field; errors keep their stack as text. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, stack?, context?).
    const [stack, context] = rest.length >= 2 ? rest : [undefined, rest[0]];
    const text = typeof stack === 'string' && stack ? `${text_(message)}\n${stack}` : text_(message);
    this.logger.error(typeof context === 'string' ? { context } : {}, text);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, rest: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const context = rest.at(-1);
    this.logger[level](typeof context === 'string' ? { context } : {}, text_(message));
  }
}

/** A message as text: an Error as its stack, an object as JSON, never `[object Object]`. */
function text_(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.stack ?? `${message.name}: ${message.message}`;
  try {
    return JSON.stringify(message) ?? String(message);
  } catch {
    return String(message);
  }
}

const UNLOGGED = /^\/(?:health(?:\/|$|\?)|assets\/|fonts\/)/;
/** A supervisor's follow-up link carries its secret token in the path (`/f/<token>`): logged without it. */
const TOKEN_PATH = /^(\/f\/)[^/?]+/;

/** A URL as logs show it: without its query string, and without the secret of a follow-up link. */
export function loggedUrl(url: string): string {
  const query = url.indexOf('?');
  return (query < 0 ? url : url.slice(0, query)).replace(TOKEN_PATH, '$1…');
}

/**
 * One line per request when its answer is sent, in pino-http's shape (`req.id`, `req.method`, `req.url` without the
 * query, `res.statusCode`, `responseTime` in ms, "request completed"; 5xx at level error). A Fastify hook, not a Nest
 * middleware: no child logger and no middleware chain per request (measured on GET /api/v1/me, see issue 12).
 * Health checks and static files are not logged.
 */
export function registerRequestLog(fastify: FastifyInstance, logger: Pino): void {
  if (!logger.isLevelEnabled('info')) {
    // Only failures are logged at warn and above.
    fastify.addHook('onResponse', (request, reply, done) => {
      if (reply.statusCode >= 500) logLine(logger, request.id, request.method, request.url, reply.statusCode, reply.elapsedTime);
      done();
    });
    return;
  }
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!UNLOGGED.test(request.url)) logLine(logger, request.id, request.method, request.url, reply.statusCode, reply.elapsedTime);
    done();
  });
}

function logLine(logger: Pino, id: string, method: string, url: string, statusCode: number, elapsed: number): void {
  const entry = {
    req: { id, method, url: loggedUrl(url) },
    res: { statusCode },
    responseTime: Math.round(elapsed),
  };
  if (statusCode >= 500) logger.error(entry, 'request errored');
  else logger.info(entry, 'request completed');
}
