import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotificationsService } from '@probity/cohorts';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { ctx, redirect, render } from './page';

/** Messages Probity has for the person (enrolled, session reminders, completed), mailed too when SMTP is set. */
@ApiExcludeController()
@Controller('inbox')
export class InboxPages {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @PageAuth()
  async inbox(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const inbox = await this.notifications.inbox(user, ctx(request).probity.locale, 100, 0);
    await render(request, reply, 'inbox', 'cohorts:inbox.title', { inbox });
  }

  @Post('read')
  @PageAuth()
  async read(@Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    await this.notifications.markAllRead(user);
    redirect(reply, '/inbox');
  }
}
