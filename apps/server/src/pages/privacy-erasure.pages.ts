import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { translate } from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth, UsersService } from '@probity/identity';
import { EraseDto, ErasureService } from '@probity/privacy';
import { ctx, formError, redirect, render, validateForm } from './page';

/**
 * Erasure on request (issue 16 point 3), for administrators of the person's academy and platform administrators: what
 * will happen, the reason (kept in the audit entry), a confirmation, and the same service as
 * `POST /api/v1/users/:id/erase`.
 */
@ApiExcludeController()
@Controller('admin/users')
export class PrivacyErasurePages {
  constructor(
    private readonly users: UsersService,
    private readonly erasure: ErasureService,
  ) {}

  @Get(':id/erase')
  @PageAuth('academy_admin', 'platform_admin')
  async form(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    form?: { reason?: string; errors?: Record<string, string>; message?: string },
    status = 200,
  ): Promise<void> {
    const person = await this.users.get(user, id);
    await render(
      request,
      reply,
      'privacy/erase',
      'erasure:page.title',
      { person, form: { reason: form?.reason ?? '', errors: form?.errors ?? {}, message: form?.message } },
      status,
      { titleParams: { name: person.fullName } },
    );
  }

  @Post(':id/erase')
  @PageAuth('academy_admin', 'platform_admin')
  async erase(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const reason = typeof body.reason === 'string' ? body.reason : '';
    const form = await validateForm(request, EraseDto, { reason });
    const errors: Record<string, string> = { ...(form.errors ?? {}) };
    if (body.confirm !== 'yes') errors.confirm = translate(ctx(request).probity.locale, 'erasure:page.confirm_required');
    if (!form.dto || Object.keys(errors).length) return this.form(request, reply, user, id, { reason, errors }, 400);
    try {
      const person = await this.users.get(user, id);
      await this.erasure.erase(user, id, form.dto.reason);
      redirect(reply, '/admin/users', { kind: 'success', key: 'erasure:page.done', params: { name: person.fullName } });
    } catch (error) {
      const { message, errors: fieldErrors } = formError(request, error);
      return this.form(request, reply, user, id, { reason, errors: fieldErrors, message }, 409);
    }
  }
}
