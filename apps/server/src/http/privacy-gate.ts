import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Observable, from, of, switchMap } from 'rxjs';
import type { RequestLike } from '@probity/identity';
import { PrivacyNoticesService } from '@probity/privacy';
import { isApiPath } from './exception.filter';

/** Pages a person reaches before acknowledging: the notice itself, signing out, their privacy page, the public notices. */
const EXEMPT = [/^\/privacy(\/|$)/, /^\/logout$/, /^\/login$/, /^\/me\/privacy$/, /^\/verify(\/|$)/, /^\/fonts\//, /^\/assets\//];

/**
 * The privacy gate (issue 16 point 5): a signed-in person whose notice (their academy's, else the platform's) has a
 * published version they have not acknowledged is shown it before any other page: a page request (GET or HEAD of a
 * page behind `PageAuthGuard`, which runs before this interceptor and leaves the session's CSRF token on the request)
 * is redirected to `/privacy/acknowledge?next=<the page>`. API requests (bearer tokens), form posts, public pages,
 * assets and the notice itself pass. Until an academy or the platform publishes a notice nobody is held up: the
 * default text is on the public page only.
 */
@Injectable()
export class PrivacyGate implements NestInterceptor {
  constructor(private readonly notices: PrivacyNoticesService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const probity = (request as unknown as RequestLike).probity;
    const path = request.url.split('?')[0];
    const page = (request.method === 'GET' || request.method === 'HEAD') && !isApiPath(request.url) && !EXEMPT.some((p) => p.test(path));
    // Only pages behind the session guard carry a CSRF token on the request: API routes and public pages never do.
    if (!page || !probity?.auth || !probity.csrfToken) return next.handle();
    const user = probity.auth;
    return from(this.notices.pending(user)).pipe(
      switchMap((pending) => {
        if (!pending) return next.handle();
        const reply = context.switchToHttp().getResponse<FastifyReply>();
        void reply.header('cache-control', 'no-store').redirect(`/privacy/acknowledge?next=${encodeURIComponent(request.url)}`, 303);
        return of(undefined);
      }),
    );
  }
}
