import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppealsService, AttemptsService, ResultsService, SaveResponseDto } from '@probity/assessments';
import { ProgressService } from '@probity/cohorts';
import { type Locale, NotFound, ProbityError, pick, validated } from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { asList, ctx, errorFlash, formError, formText, redirect, render } from './page';

type Body = Record<string, unknown>;

/** The answers of a posted test form, as the autosave API would receive them (checked by its DTO before saving). */
function answersFrom(body: Body, itemIds: string[]): Map<string, Record<string, unknown>> {
  const answers = new Map<string, Record<string, unknown>>();
  for (const id of itemIds) {
    if (body[`o:${id}`] !== undefined) answers.set(id, { optionIds: asList(body[`o:${id}`]) });
    const text = body[`t:${id}`];
    if (typeof text === 'string') answers.set(id, { text });
    const number = body[`n:${id}`];
    if (typeof number === 'string' && number.trim() !== '') answers.set(id, { value: number.trim().replace(',', '.') });
  }
  return answers;
}

/** Taking a test as a learner (works without JavaScript; a small script adds autosave and a countdown), and asking for a review. */
@ApiExcludeController()
@Controller()
export class AttemptPages {
  constructor(
    private readonly attempts: AttemptsService,
    private readonly results: ResultsService,
    private readonly appeals: AppealsService,
    private readonly progress: ProgressService,
  ) {}

  @Get('my/cohorts/:cohortId/assessments')
  @PageAuth()
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('cohortId', ParseUUIDPipe) cohortId: string,
  ): Promise<void> {
    const state = await this.progress.learnerState(user, cohortId);
    if (!state) throw new NotFound('cohort');
    const locale = ctx(request).probity.locale;
    const mine = await this.attempts.mine(user, cohortId);
    const assessments = (await this.attempts.frozenAssessments(state.cohort)).map((a) => {
      const attempts = mine.filter((t) => t.assessmentId === a.id);
      const open = attempts.find((t) => t.status === 'in_progress' && (!t.deadline || t.deadline > new Date()));
      return {
        id: a.id,
        kind: a.kind,
        title: pick(a.title, locale, state.cohort.locale as Locale).text,
        items: a.items.length,
        passPercent: a.passPercent,
        timeLimitMinutes: a.timeLimitMinutes,
        attemptsUsed: attempts.length,
        maxAttempts: a.maxAttempts,
        openAttemptId: open?.id,
        canStart: !open && (a.maxAttempts === null || attempts.length < a.maxAttempts),
        last: attempts.find((t) => t.status !== 'in_progress'),
      };
    });
    await render(request, reply, 'assessments/list', 'assessments:list.title', { cohort: state.cohort, assessments });
  }

  @Post('my/cohorts/:cohortId/assessments/:assessmentId/start')
  @PageAuth()
  async start(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('cohortId', ParseUUIDPipe) cohortId: string,
    @Param('assessmentId', ParseUUIDPipe) assessmentId: string,
  ): Promise<void> {
    try {
      const attempt = await this.attempts.start(user, cohortId, assessmentId);
      redirect(reply, `/attempts/${attempt.id}`);
    } catch (error) {
      if (!(error instanceof ProbityError)) throw error;
      redirect(reply, `/my/cohorts/${cohortId}/assessments`, { kind: 'error', key: `errors:${error.code}`, params: error.params });
    }
  }

  @Get('attempts/:id')
  @PageAuth()
  async attempt(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('review') review?: string,
  ): Promise<void> {
    const attempt = await this.attempts.get(user, id);
    if (attempt.userId !== user.id) throw new NotFound('attempt');
    const saved = new Map(attempt.responses.map((r) => [r.itemId, r.value]));
    const released = await this.results.released(attempt.cohortId, attempt.assessmentId);
    const feedback = released && attempt.status !== 'in_progress' ? await this.results.feedback(attempt, user.locale) : [];
    const items = attempt.shown.map((item, i) => {
      const value = saved.get(item.itemId) ?? {};
      const fb = feedback.find((f) => f.itemId === item.itemId);
      return {
        ...item,
        number: i + 1,
        single: item.type === 'single_choice' || item.type === 'true_false',
        multiple: item.type === 'multiple_choice',
        numeric: item.type === 'numeric',
        shortText: item.type === 'short_text',
        essay: item.type === 'essay',
        options: item.options?.map((o) => ({ ...o, checked: value.optionIds?.includes(o.id) ?? false })),
        text: value.text ?? '',
        value: value.value ?? '',
        answered: Boolean(value.optionIds?.length || value.text?.trim() || value.value !== undefined),
        chosen: item.options?.filter((o) => value.optionIds?.includes(o.id)).map((o) => o.text) ?? [],
        feedback: fb,
      };
    });
    const open = attempt.status === 'in_progress' && (!attempt.deadline || attempt.deadline > new Date());
    await render(request, reply, open && review === '1' ? 'assessments/review' : 'assessments/attempt', 'assessments:attempt.title', {
      attempt,
      items,
      open,
      released,
      unanswered: items.filter((i) => !i.answered).length,
      deadlineIso: attempt.deadline?.toISOString(),
      result: attempt.result,
    });
  }

  /** Saves every answer of the form (no-JS) or, from the script, the answers that changed; then review or stay. */
  @Post('attempts/:id/answers')
  @PageAuth()
  async answers(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const attempt = await this.attempts.get(user, id);
    if (attempt.userId !== user.id) throw new NotFound('attempt');
    const answers = answersFrom(
      body,
      attempt.shown.map((s) => s.itemId),
    );
    try {
      // Every answer is checked first, with the autosave route's DTO: nothing is saved from a form with a refused answer.
      const checked: [string, SaveResponseDto][] = [];
      for (const [itemId, raw] of answers) checked.push([itemId, await validated(SaveResponseDto, raw)]);
      for (const [itemId, value] of checked) await this.attempts.save(user.id, id, itemId, value);
    } catch (error) {
      if (!(error instanceof ProbityError)) throw error;
      if (request.headers.accept?.includes('application/json')) {
        await reply.status(error.status).send({ saved: false, code: error.code, message: formError(request, error).message });
        return;
      }
      redirect(reply, `/attempts/${id}`, errorFlash(request, error));
      return;
    }
    if (request.headers.accept?.includes('application/json')) {
      await reply.send({ saved: true, count: answers.size, at: new Date().toISOString() });
      return;
    }
    redirect(
      reply,
      body.action === 'review' ? `/attempts/${id}?review=1` : `/attempts/${id}`,
      body.action === 'review' ? undefined : { kind: 'success', key: 'assessments:attempt.saved' },
    );
  }

  @Post('attempts/:id/submit')
  @PageAuth()
  async submit(@Res() reply: FastifyReply, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    const result = await this.attempts.submit(user, id);
    redirect(reply, `/attempts/${id}`, {
      kind: 'success',
      key: result.status === 'graded' ? 'assessments:attempt.submitted' : 'assessments:attempt.submitted_pending',
    });
  }

  /** The learner asks for a review of one released answer. */
  @Post('attempts/:id/appeal')
  @PageAuth()
  async appeal(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const responseId = typeof body.responseId === 'string' ? body.responseId : '';
    try {
      await this.appeals.appeal(user, responseId, formText(body, 'reason'));
      redirect(reply, `/attempts/${id}`, { kind: 'success', key: 'assessments:appeals.lodged' });
    } catch (error) {
      redirect(reply, `/attempts/${id}`, errorFlash(request, error));
    }
  }
}
