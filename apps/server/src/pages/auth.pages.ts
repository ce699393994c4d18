import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProbityError } from '@probity/i18n';
import { AuthService, LoginDto, SESSION_COOKIE, SESSION_TTL_HOURS } from '@probity/identity';
import { toErrorBody } from '../http/errors';
import { ANON_CSRF_COOKIE, anonymousCsrf, ctx, redirect, render, safeNext, validateForm } from './page';

@ApiExcludeController()
@Controller()
export class AuthPages {
  constructor(private readonly auth: AuthService) {}

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
    if (!sent || body._csrf !== sent) return again(403, { error: ctxMessage(request, 'errors:csrf_failed') });
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

  @Post('logout')
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const cookie = request.cookies?.[SESSION_COOKIE];
    const session = cookie ? await this.auth.resumeSession(cookie) : undefined;
    const sent = ((request.body ?? {}) as Record<string, unknown>)._csrf;
    if (cookie && session && sent === session.csrfToken) await this.auth.endSession(cookie);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    redirect(reply, '/login', { kind: 'info', key: 'auth:logout.done' });
  }
}

function ctxMessage(request: FastifyRequest, key: string): string {
  return toErrorBody(new ProbityError(403, key.replace('errors:', '')), ctx(request).probity.locale).body.message;
}
