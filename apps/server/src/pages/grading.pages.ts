import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppealsService, GradingService, ResultsService } from '@probity/assessments';
import { fromZonedLocal, pick, zonedLocalInput } from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { ctx, errorFlash, formError, formText, redirect, render, STAFF } from './page';

type Body = Record<string, unknown>;

/** The trainers' side of assessments: grading, the gradebook, item analysis and windows, appeals, release. */
@ApiExcludeController()
@Controller()
export class GradingPages {
  constructor(
    private readonly grading: GradingService,
    private readonly appealsService: AppealsService,
    private readonly results: ResultsService,
  ) {}

  @Get('cohorts/:id/grading')
  @PageAuth(...STAFF)
  async queue(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    model: Body = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const { items } = await this.grading.queue(user, id);
    await render(
      request,
      reply,
      'assessments/grading',
      'assessments:grading.title',
      {
        cohortId: id,
        items: items.map((i) => ({
          ...i,
          rubric: i.rubric.map((c, ci) => ({
            index: ci,
            criterion: pick(c.criterion, locale).text,
            levels: c.levels.map((l, li) => ({
              index: li,
              points: l.points,
              descriptor: pick(l.descriptor, locale).text,
              // Reconciliation: which of the two graders chose this level.
              chosenBy: (i.marks ?? []).filter((m) => m.rubricLevels?.[ci] === li).map((m) => m.role),
            })),
          })),
        })),
        ...model,
      },
      status,
    );
  }

  @Post('cohorts/:id/grading/:responseId')
  @PageAuth(...STAFF)
  async grade(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('responseId', ParseUUIDPipe) responseId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const levels = Object.keys(body)
      .filter((k) => k.startsWith('c:'))
      .sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)))
      // A level that is not a whole number becomes NaN, which the DTO refuses (never a silent 0).
      .map((k) => (/^\d+$/.test(formText(body, k)) ? Number(formText(body, k)) : Number.NaN));
    try {
      // The service checks these with the API's DTO: a grade of "abc" or -3 is refused here as there.
      const result = await this.grading.grade(user, responseId, {
        rubricLevels: levels.length ? levels : undefined,
        points: formText(body, 'points') || undefined,
        comment: typeof body.comment === 'string' ? body.comment : undefined,
      });
      redirect(reply, `/cohorts/${id}/grading`, {
        kind: 'success',
        key: `assessments:grading.${result.stage}`,
        params: { points: result.points },
      });
    } catch (error) {
      const { message } = formError(request, error);
      return this.queue(request, reply, user, id, { pageError: message }, 400);
    }
  }

  @Get('cohorts/:id/gradebook')
  @PageAuth(...STAFF)
  async gradebook(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('sort') sort?: string,
    @Query('status') status?: string,
  ): Promise<void> {
    const book = await this.results.gradebook(user, id);
    let rows = book.rows;
    if (status) rows = rows.filter((r) => r.status === status);
    if (sort && book.assessments.some((a) => a.id === sort))
      rows = [...rows].sort((a, b) => (b.assessments[sort].percent ?? -1) - (a.assessments[sort].percent ?? -1));
    else rows = [...rows].sort((a, b) => a.fullName.localeCompare(b.fullName));
    await render(request, reply, 'assessments/gradebook', 'assessments:gradebook.title', {
      cohortId: id,
      assessments: book.assessments.map((a) => ({ ...a, sorted: a.id === sort })),
      rows: rows.map((r) => ({ ...r, cells: book.assessments.map((a) => r.assessments[a.id]) })),
      knowledgeGain: book.knowledgeGain,
      status,
      statuses: ['in_progress', 'completed', 'not_completed'],
    });
  }

  @Get('cohorts/:id/assessments/:assessmentId/analysis')
  @PageAuth(...STAFF)
  async analysis(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('assessmentId', ParseUUIDPipe) assessmentId: string,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const { assessment, ...result } = await this.results.analysis(user, id, assessmentId);
    const settings = await this.grading.settings(id, assessmentId);
    await render(request, reply, 'assessments/analysis', 'assessments:analysis.title', {
      cohortId: id,
      assessmentId,
      title: pick(assessment.title, locale).text,
      attempts: result.attempts,
      settings: {
        ...settings,
        opensAt: settings.opensAt ? zonedLocalInput(settings.opensAt, user.timeZone ?? 'UTC') : undefined,
        closesAt: settings.closesAt ? zonedLocalInput(settings.closesAt, user.timeZone ?? 'UTC') : undefined,
      },
      caseExercise: assessment.kind === 'case_exercise',
      items: result.items.map((row, i) => {
        const content = assessment.items.find((x) => x.itemId === row.itemId)?.content;
        return {
          ...row,
          number: i + 1,
          stem: content ? pick(content.stem, locale).text : '',
          options: content?.options?.map((o) => ({
            text: pick(o.text, locale).text,
            count: row.options?.[o.id] ?? 0,
            right: o.fraction > 0,
          })),
          flagLabels: row.flags.map((f) => `assessments:analysis.flags.${f}`),
        };
      }),
    });
  }

  @Post('cohorts/:id/assessments/:assessmentId/settings')
  @PageAuth(...STAFF)
  async settings(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('assessmentId', ParseUUIDPipe) assessmentId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    // Wall-clock times of the academy's time zone; a value that is not one is passed on for the validator to refuse.
    const when = (key: string): string | null => {
      const value = typeof body[key] === 'string' ? body[key] : '';
      if (!value) return null;
      return fromZonedLocal(value, user.timeZone ?? 'UTC')?.toISOString() ?? value;
    };
    try {
      await this.grading.configure(user, id, assessmentId, {
        opensAt: when('opensAt'),
        closesAt: when('closesAt'),
        secondMarking: body.secondMarking === 'on',
        markingThreshold: formText(body, 'markingThreshold') || undefined,
      });
      redirect(reply, `/cohorts/${id}/assessments/${assessmentId}/analysis`, { kind: 'success', key: 'assessments:analysis.saved' });
    } catch (error) {
      redirect(reply, `/cohorts/${id}/assessments/${assessmentId}/analysis`, errorFlash(request, error));
    }
  }

  @Get('cohorts/:id/appeals')
  @PageAuth(...STAFF)
  async appeals(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const appeals = await this.appealsService.appeals(user, id);
    await render(request, reply, 'assessments/appeals', 'assessments:appeals.title', {
      cohortId: id,
      appeals: appeals.map((a) => ({ ...a, open: a.status === 'open' })),
    });
  }

  @Post('appeals/:id/decide')
  @PageAuth('trainer', 'academy_admin')
  async decide(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const cohortId = typeof body.cohortId === 'string' ? body.cohortId : '';
    try {
      await this.appealsService.decide(user, id, {
        outcome: formText(body, 'outcome'),
        reason: formText(body, 'reason'),
        points: formText(body, 'points') || undefined,
      });
      redirect(reply, `/cohorts/${cohortId}/appeals`, { kind: 'success', key: 'assessments:appeals.decided' });
    } catch (error) {
      redirect(reply, `/cohorts/${cohortId}/appeals`, errorFlash(request, error));
    }
  }

  @Post('cohorts/:id/assessments/:assessmentId/release')
  @PageAuth(...STAFF)
  async release(
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('assessmentId', ParseUUIDPipe) assessmentId: string,
  ): Promise<void> {
    await this.results.release(user, id, assessmentId);
    redirect(reply, `/cohorts/${id}/gradebook`, { kind: 'success', key: 'assessments:gradebook.released' });
  }
}
