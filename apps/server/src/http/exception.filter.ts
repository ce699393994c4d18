import type {} from '@fastify/view';
import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoginRequired, type RequestLike } from '@probity/identity';
import { layoutModel } from '@probity/web';
import { toErrorBody } from './errors';

export function isApiPath(url: string): boolean {
  return url.startsWith('/api/') || url === '/health' || url.startsWith('/.well-known/');
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
  const { body, internal } = toErrorBody(error, req.probity?.locale ?? 'en');
  if (internal) logger.error({ err: error, requestId: request.id }, `unhandled error on ${request.method} ${request.url}`);
  if (reply.sent) return;
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
