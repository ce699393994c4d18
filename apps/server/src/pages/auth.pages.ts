import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, ProbityError } from '@probity/i18n';
import {
  AccountsService,
  AuthService,
  type AuthUser,
  ChangePasswordDto,
  CurrentUser,
  LoginDto,
  PageAuth,
  SESSION_COOKIE,
  SESSION_TTL_HOURS,
} from '@probity/identity';
import { toErrorBody } from '../http/errors';
import { ANON_CSRF_COOKIE, anonymousCsrf, ctx, formError, redirect, render, safeNext, validateForm } from './page';

@ApiExcludeController()
@Controller()
export class AuthPages {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: AccountsService,
  ) {}

  @Get()
  async home(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const cookie = request.cookies?.[SESSION_COOKIE];
    redirect(reply, cookie && (await this.auth.resumeSession(cookie)) ? '/dashboard' : '/login');
  }

  @Get('login')
  async loginForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('next') next?: string): Promise<void> {
    await render(request, reply, 'login', 'auth:login.title', { anonCsrf: anonymousCsrf(request, reply), next: safeNext(next) });
  }

  @Post('login')
  async login(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next);
    const again = async (status: number, model: Record<string, unknown>): Promise<void> =>
      render(
        request,
        reply,
        'login',
        'auth:login.title',
        { anonCsrf: anonymousCsrf(request, reply), next, email: body.email, ...model },
        status,
      );
    const sent = request.cookies?.[ANON_CSRF_COOKIE];
    if (!sent || body._csrf !== sent) return again(403, { error: ctxMessage(request, 'csrf_failed') });
    const form = await validateForm(request, LoginDto, { email: body.email, password: body.password });
    if (form.errors) return again(400, { errors: form.errors });
    try {
      const user = await this.auth.authenticate(form.dto.email, form.dto.password, request.ip);
      const session = await this.auth.startSession(user.id);
      void reply.setCookie(SESSION_COOKIE, session.cookie, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        maxAge: SESSION_TTL_HOURS * 3600,
      });
      redirect(reply, next);
    } catch (error) {
      if (!(error instanceof ProbityError)) throw error;
      const { body: answer } = toErrorBody(error, ctx(request).probity.locale);
      return again(answer.statusCode, { error: answer.message });
    }
  }

  /**
   * Signing out always ends the session, CSRF token or not: a forged logout can only sign someone out,
   * whereas refusing it would leave a session valid that its owner believes ended.
   */
  @Post('logout')
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const cookie = request.cookies?.[SESSION_COOKIE];
    if (cookie) await this.auth.endSession(cookie);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    redirect(reply, '/login', { kind: 'info', key: 'auth:logout.done' });
  }

  @Get('account/password')
  @PageAuth()
  async passwordForm(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    model: Record<string, unknown> = {},
    status = 200,
  ): Promise<void> {
    await render(request, reply, 'password', 'auth:password.title', { form: {}, ...model }, status);
  }

  /** A person changes their own password: their other sessions and all their API tokens end, this session stays. */
  @Post('account/password')
  @PageAuth()
  async changePassword(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = await validateForm(request, ChangePasswordDto, { currentPassword: body.currentPassword, newPassword: body.newPassword });
    if (form.errors) return this.passwordForm(request, reply, { form: { errors: form.errors } }, 400);
    try {
      await this.accounts.changePassword(user, form.dto, request.ip, request.cookies?.[SESSION_COOKIE]);
      redirect(reply, '/account/password', { kind: 'success', key: 'auth:password.changed' });
    } catch (error) {
      const { message, errors } = formError(request, error);
      return this.passwordForm(request, reply, { form: { errors, message } }, error instanceof ProbityError ? error.status : 400);
    }
  }
}

function ctxMessage(request: FastifyRequest, code: ErrorCode): string {
  return toErrorBody(new ProbityError(403, code), ctx(request).probity.locale).body.message;
}
