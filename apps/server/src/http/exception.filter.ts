import type {} from '@fastify/view';
import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoginRequired, type RequestLike } from '@probity/identity';
import { layoutModel } from '@probity/web';
import { toErrorBody } from './errors';
import { loggedUrl } from './request-log';

export function isApiPath(url: string): boolean {
  return url.startsWith('/api/') || url === '/health' || url.startsWith('/health/') || url.startsWith('/.well-known/');
}

/** What a log line shows of an error: its text and stack, never `[object Object]`. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/**
 * One place maps every error to what the caller sees: JSON in the API's error format, or for
 * pages a localised error page (and a redirect to the login page when signing in is needed).
 */
@Catch()
export class ProbityExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    respondWithError(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}

export function respondWithError(error: unknown, request: FastifyRequest, reply: FastifyReply, logger: Logger): void {
  const req = request as unknown as RequestLike;
  const { body, internal, retryAfter } = toErrorBody(error, req.probity?.locale ?? 'en');
  // Text, not an object: Nest's console logger (the worker's, and the server's before pino takes over) prints
  // an object as `[object Object]` or `{}`, and pino nests it; the stack is what a reader needs.
  if (internal)
    logger.error(`unhandled error on ${request.method} ${loggedUrl(request.url)} (request ${request.id}): ${describeError(error)}`);
  else if (retryAfter !== undefined)
    logger.warn(
      `database unavailable on ${request.method} ${loggedUrl(request.url)} (request ${request.id}): ${describeError(error).split('\n')[0]}`,
    );
  if (reply.sent) return;
  if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
  if (isApiPath(request.url) || !req.probity) {
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
    return;
  }
  if (error instanceof LoginRequired || body.statusCode === 401) {
    void reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    return;
  }
  void reply.status(body.statusCode).view('pages/error.hbs', {
    ...layoutModel(req, 'common:error.title'),
    status: body.statusCode,
    message: body.message,
    details: body.details,
    requestId: internal ? request.id : undefined,
  });
}
