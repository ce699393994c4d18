import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EnrolmentsService } from '@probity/cohorts';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { explainSkipped, rosterCsv } from '../http/presenters';
import { CohortOverviewPage } from './cohort-overview.page';
import { asList, ctx, formError, formText, redirect, STAFF } from './page';

type Body = Record<string, unknown>;
const str = formText;

/** A cohort's roster: enrol (by name or by email addresses), withdraw, download as CSV. */
@ApiExcludeController()
@Controller('cohorts')
export class CohortRosterPages {
  constructor(
    private readonly enrolments: EnrolmentsService,
    private readonly overviewPage: CohortOverviewPage,
  ) {}

  @Get(':id/roster.csv')
  @PageAuth(...STAFF)
  async csv(@Res() reply: FastifyReply, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    const { items } = await this.enrolments.roster(user, id);
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="cohort-${id}.csv"`)
      .send(rosterCsv(items));
  }

  @Post(':id/enrol')
  @PageAuth(...STAFF)
  async enrol(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const locale = ctx(request).probity.locale;
    try {
      const result = str(body, 'emails')
        ? await this.enrolments.enrolByEmails(user, id, str(body, 'emails'))
        : await this.enrolments.enrol(user, id, asList(body.userIds));
      return this.overviewPage.show(
        request,
        reply,
        user,
        id,
        { enrolResult: { enrolled: result.enrolled.length, skipped: explainSkipped(result.skipped, locale) } },
        200,
      );
    } catch (error) {
      const { message } = formError(request, error);
      return this.overviewPage.show(request, reply, user, id, { pageError: message, emails: str(body, 'emails') }, 400);
    }
  }

  @Post(':id/withdraw/:userId')
  @PageAuth(...STAFF)
  async withdraw(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('userId', ParseUUIDPipe) userId: string,
  ): Promise<void> {
    await this.enrolments.withdraw(user, id, userId, str((request.body ?? {}) as Body, 'reason'));
    redirect(reply, `/cohorts/${id}#roster`, { kind: 'success', key: 'cohorts:overview.withdrawn' });
  }
}
