import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Forbidden, Unauthenticated } from '@probity/i18n';
import { type AuthUser, hasRole } from './auth-user';
import { AuthService } from './auth.service';
import type { Role } from './entities/user.entity';
import type { RequestLike } from './request-context';
import type { TokenClaims } from './tokens';

const ROLES_KEY = 'probity:roles';
export const SESSION_COOKIE = 'probity_session';

/** A page whose visitor must sign in first: the exception filter sends them to /login. */
export class LoginRequired extends Unauthenticated {
  constructor() {
    super('login_required');
  }
}

function allowed(user: AuthUser, roles: Role[] | undefined): void {
  if (roles?.length && !hasRole(user, ...roles)) throw new Forbidden();
}

/** The token of `Authorization: Bearer <token>`, if that is what the request carries. */
function bearerToken(request: RequestLike): string | undefined {
  const header = request.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** Sets the answer's locale from the user when the request did not name one. */
function adopt(request: RequestLike, user: AuthUser): void {
  request.probity.auth = user;
  if (!request.probity.localeExplicit) request.probity.locale = user.locale;
}

/** API routes: `Authorization: Bearer <token>` only (no cookies, so no cross-site requests). */
@Injectable()
export class ApiAuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestLike>();
    const token = bearerToken(request);
    const claims = token ? await this.auth.tokenClaims(token) : undefined;
    const user = claims ? await this.auth.userForClaims(claims) : undefined;
    if (!user) throw new Unauthenticated(token ? 'invalid_token' : 'unauthenticated');
    request.probity.token = claims;
    adopt(request, user);
    allowed(
      user,
      this.reflector.get<Role[] | undefined>(ROLES_KEY, context.getHandler()) ??
        this.reflector.get<Role[] | undefined>(ROLES_KEY, context.getClass()),
    );
    return true;
  }
}

/**
 * The hottest API routes (an exam's autosave): the bearer token's signature is checked here, and the
 * route's own single statement checks that the token still counts (`tokenStillValidSql`: the user is
 * active, the token not revoked), with no second round trip per request.
 * Such a route calls `adoptSubject` before answering with an error, so errors use the user's language.
 */
@Injectable()
export class TokenAuthGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestLike>();
    const token = bearerToken(request);
    const claims = token ? await this.auth.tokenClaims(token) : undefined;
    if (!claims) throw new Unauthenticated(token ? 'invalid_token' : 'unauthenticated');
    request.probity.subject = claims.sub;
    request.probity.token = claims;
    return true;
  }
}

/** After a `@TokenAuth()` route failed: the user behind the token (401 if the token no longer counts), and their language. */
export async function adoptSubject(auth: AuthService, request: RequestLike): Promise<AuthUser> {
  const user = request.probity.token ? await auth.userForClaims(request.probity.token) : undefined;
  if (!user) throw new Unauthenticated('invalid_token');
  adopt(request, user);
  return user;
}

/** Pages: the httpOnly session cookie; every state-changing form must carry the session's CSRF token. */
@Injectable()
export class PageAuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestLike & { body?: unknown }>();
    const cookie = request.cookies?.[SESSION_COOKIE];
    const session =
      request.probity.session !== undefined ? request.probity.session : cookie ? await this.auth.resumeSession(cookie) : undefined;
    if (!session) throw new LoginRequired();
    adopt(request, session.user);
    request.probity.csrfToken = session.csrfToken;
    if (request.method !== 'GET' && request.method !== 'HEAD') assertCsrf(request, session.csrfToken);
    allowed(
      session.user,
      this.reflector.get<Role[] | undefined>(ROLES_KEY, context.getHandler()) ??
        this.reflector.get<Role[] | undefined>(ROLES_KEY, context.getClass()),
    );
    return true;
  }
}

export function assertCsrf(request: RequestLike & { body?: unknown }, expected: string): void {
  const body = request.body as Record<string, unknown> | undefined;
  const sent = (body && typeof body === 'object' ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
  if (typeof sent !== 'string' || sent !== expected) throw new Forbidden('csrf_failed');
}

/** API route for signed-in users, optionally only some roles. */
export const Auth = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    UseGuards(ApiAuthGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse(),
    ApiForbiddenResponse(),
  );

/** API route checked by the bearer token only; the route itself must check that the user is active. */
export const TokenAuth = (): MethodDecorator & ClassDecorator =>
  applyDecorators(UseGuards(TokenAuthGuard), ApiBearerAuth(), ApiUnauthorizedResponse());

/** The token's subject on a `@TokenAuth()` route. */
export const TokenSubject = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const subject = context.switchToHttp().getRequest<RequestLike>().probity.subject;
  if (!subject) throw new Unauthenticated();
  return subject;
});

/** The claims of the bearer token presented to an `@Auth()` or `@TokenAuth()` route. */
export const CurrentToken = createParamDecorator((_: unknown, context: ExecutionContext): TokenClaims => {
  const token = context.switchToHttp().getRequest<RequestLike>().probity.token;
  if (!token) throw new Unauthenticated();
  return token;
});

/** Page for signed-in users, optionally only some roles. */
export const PageAuth = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), UseGuards(PageAuthGuard));

/** The signed-in user of a guarded route. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<RequestLike>().probity.auth;
  if (!user) throw new Unauthenticated();
  return user;
});
