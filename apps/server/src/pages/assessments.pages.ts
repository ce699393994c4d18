import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  Attempt,
  AttemptsService,
  CreateAssessmentDto,
  CreateItemDto,
  type FrozenAssessment,
  GradingService,
  ItemsService,
  mayApprove,
  SaveResponseDto,
} from '@probity/assessments';
import { ProgressService } from '@probity/cohorts';
import {
  LANGUAGE_NAMES,
  type Locale,
  NotFound,
  ProbityError,
  fromZonedLocal,
  isLocale,
  pick,
  translate,
  validated,
  zonedLocalInput,
} from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { asList, ctx, errorFlash, formError, formText, redirect, render, validateForm } from './page';
import { formFromContent, itemDtoFromForm, mergeEdit } from './item-form';
import { percentages, pickLocales, sideBySideModel } from './side-by-side';

type Body = Record<string, unknown>;
const STAFF = ['trainer', 'academy_admin', 'platform_admin'] as const;

/** Answers of a form: `o:<item>` (choices), `t:<item>` (text), `n:<item>` (number). */
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

/** Taking a test (works without JavaScript; a small script adds autosave and a countdown), grading, the gradebook. */
@ApiExcludeController()
@Controller()
export class AssessmentsPages {
  constructor(
    private readonly attempts: AttemptsService,
    private readonly grading: GradingService,
    private readonly items: ItemsService,
    private readonly progress: ProgressService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  private async frozen(cohortId: string): Promise<FrozenAssessment[]> {
    const [row] = await this.dataSource.query<{ course_version_id: string }[]>('SELECT course_version_id FROM cohorts WHERE id = $1', [
      cohortId,
    ]);
    if (!row) throw new NotFound('cohort');
    return this.attempts.frozenAssessments({ courseVersionId: row.course_version_id });
  }

  // ---- learners ---------------------------------------------------------------------------------

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
    const mine = await this.dataSource.getRepository(Attempt).find({ where: { cohortId, userId: user.id }, order: { number: 'DESC' } });
    const assessments = (await this.frozen(cohortId)).map((a) => {
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
    const released = await this.grading.released(attempt.cohortId, attempt.assessmentId);
    const feedback = released && attempt.status !== 'in_progress' ? await this.grading.feedback(attempt, user.locale) : [];
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

  // ---- trainers ---------------------------------------------------------------------------------

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
    const book = await this.grading.gradebook(user, id);
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
    const assessment = (await this.frozen(id)).find((a) => a.id === assessmentId);
    if (!assessment) throw new NotFound('assessment');
    const result = await this.grading.itemAnalysis(user, id, assessmentId);
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
    const appeals = await this.grading.appeals(user, id);
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
      await this.grading.decide(user, id, {
        outcome: formText(body, 'outcome'),
        reason: formText(body, 'reason'),
        points: formText(body, 'points') || undefined,
      });
      redirect(reply, `/cohorts/${cohortId}/appeals`, { kind: 'success', key: 'assessments:appeals.decided' });
    } catch (error) {
      redirect(reply, `/cohorts/${cohortId}/appeals`, errorFlash(request, error));
    }
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
      await this.grading.appeal(user, responseId, formText(body, 'reason'));
      redirect(reply, `/attempts/${id}`, { kind: 'success', key: 'assessments:appeals.lodged' });
    } catch (error) {
      redirect(reply, `/attempts/${id}`, errorFlash(request, error));
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
    await this.grading.release(user, id, assessmentId);
    redirect(reply, `/cohorts/${id}/gradebook`, { kind: 'success', key: 'assessments:gradebook.released' });
  }

  // ---- the question bank ---------------------------------------------------------------------------

  @Get('courses/:id/items')
  @PageAuth(...STAFF)
  async bank(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    model: Body = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const { items } = await this.items.list(user, id);
    const assessments = await this.items.assessments(id);
    await render(
      request,
      reply,
      'assessments/bank',
      'assessments:bank.title',
      {
        courseId: id,
        items: items.map((i) => ({
          ...i,
          stem: pick(i.content.stem, locale).text,
          type: i.content.type,
          // The service's own rule: the author of the current revision never sees a button that would fail.
          canApprove: mayApprove(user, i),
        })),
        assessments: assessments.map((a) => ({ ...a, title: pick(a.title, locale).text, count: a.itemIds.length })),
        types: ['single_choice', 'multiple_choice', 'true_false', 'numeric', 'short_text', 'essay'],
        kinds: ['pre_test', 'post_test', 'quiz', 'case_exercise'],
        ...model,
      },
      status,
    );
  }

  /** The bank's texts side by side, source locale and target locale, untranslated ones highlighted. */
  @Get('courses/:id/items/translate')
  @PageAuth(...STAFF)
  async translateBank(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ): Promise<void> {
    const pageLocale = ctx(request).probity.locale;
    const { source, target } = pickLocales(pageLocale, from, to);
    const fields = (await this.items.translatable(user, id)).map((f) => ({
      key: f.key,
      label: translate(pageLocale, `assessments:bank.fields.${f.label.kind}`, {
        item: f.label.item,
        index: f.label.index,
        level: f.label.level,
      }),
      value: f.value,
    }));
    await render(request, reply, 'courses/translate', 'assessments:bank.translate', {
      courseId: id,
      action: `/courses/${id}/items/translate`,
      back: `/courses/${id}/items`,
      courseTitle: translate(pageLocale, 'assessments:bank.heading'),
      ...sideBySideModel(fields, source, target, percentages(fields)),
    });
  }

  @Post('courses/:id/items/translate')
  @PageAuth(...STAFF)
  async saveBankTranslation(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const target = isLocale(body.to) ? body.to : 'en';
    const source = isLocale(body.from) ? body.from : 'en';
    const entries = Object.entries(body)
      .filter(([key, value]) => key.startsWith('t:item:') && typeof value === 'string')
      .map(([key, value]) => ({ key: key.slice(2), text: value as string }));
    const changed = await this.items.saveTranslations(user, id, target, entries);
    redirect(reply, `/courses/${id}/items/translate?from=${source}&to=${target}`, {
      kind: 'success',
      key: 'assessments:bank.translated',
      params: { count: changed },
    });
  }

  /** A new question from the bank page, written in one language (translate it side by side afterwards). */
  @Post('courses/:id/items/new')
  @PageAuth(...STAFF)
  async createItem(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const dto = itemDtoFromForm(body, ctx(request).probity.locale);
    const form = await validateForm(request, CreateItemDto, dto);
    if (form.errors) return this.bank(request, reply, user, id, { itemForm: { ...body, errors: form.errors } }, 400);
    try {
      await this.items.create(user, id, form.dto);
      redirect(reply, `/courses/${id}/items`, { kind: 'success', key: 'assessments:bank.created' });
    } catch (error) {
      const { message, errors } = formError(request, error);
      return this.bank(request, reply, user, id, { itemForm: { ...body, errors, message } }, 400);
    }
  }

  /** One question edited in the page's language; saving makes a new revision (published versions keep theirs). */
  @Get('courses/:id/items/:itemId/edit')
  @PageAuth(...STAFF)
  async editItem(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    form?: Body,
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const item = await this.items.get(user, itemId, id);
    await render(
      request,
      reply,
      'assessments/item-edit',
      'assessments:bank.edit_title',
      {
        courseId: id,
        item,
        languageName: LANGUAGE_NAMES[locale],
        itemForm: form ?? formFromContent(item.content, locale),
      },
      status,
    );
  }

  @Post('courses/:id/items/:itemId/edit')
  @PageAuth(...STAFF)
  async reviseItem(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const item = await this.items.get(user, itemId, id);
    const dto = mergeEdit(item.content, itemDtoFromForm({ ...body, type: item.content.type }, ctx(request).probity.locale));
    const form = await validateForm(request, CreateItemDto, dto);
    if (form.errors) return this.editItem(request, reply, user, id, itemId, { ...body, errors: form.errors }, 400);
    try {
      const revised = await this.items.revise(user, itemId, form.dto);
      redirect(reply, `/courses/${id}/items`, { kind: 'success', key: 'assessments:bank.revised', params: { revision: revised.revision } });
    } catch (error) {
      const { message, errors } = formError(request, error);
      return this.editItem(request, reply, user, id, itemId, { ...body, errors, message }, 400);
    }
  }

  /** An assessment from questions ticked in the bank. */
  @Post('courses/:id/assessments/new')
  @PageAuth(...STAFF)
  async createAssessment(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const locale = ctx(request).probity.locale;
    const text = (key: string): string => formText(body, key);
    const dto = {
      kind: text('kind'),
      title: text('title') ? { [locale]: text('title') } : {},
      itemIds: asList(body.itemIds),
      passPercent: text('passPercent') || '60',
      timeLimitMinutes: text('timeLimitMinutes') || undefined,
      maxAttempts: text('maxAttempts') || undefined,
      shuffle: body.shuffle === 'on',
      blindGrading: body.blindGrading === 'on',
    };
    const form = await validateForm(request, CreateAssessmentDto, dto);
    if (form.errors) return this.bank(request, reply, user, id, { assessmentForm: { ...body, errors: form.errors } }, 400);
    try {
      await this.items.createAssessment(user, id, form.dto);
      redirect(reply, `/courses/${id}/items`, { kind: 'success', key: 'assessments:bank.assessment_created' });
    } catch (error) {
      const { message, errors } = formError(request, error);
      return this.bank(request, reply, user, id, { assessmentForm: { ...body, errors, message } }, 400);
    }
  }

  @Post('courses/:id/items/import')
  @PageAuth(...STAFF)
  async import(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const format = body.format === 'gift' ? 'gift' : 'moodle-xml';
    const content = typeof body.content === 'string' ? body.content : '';
    const locale = ctx(request).probity.locale;
    try {
      const result = await this.items.import(user, id, format, content, locale);
      return this.bank(
        request,
        reply,
        user,
        id,
        { importResult: result, importContent: result.errors.length ? content : '', format },
        result.errors.length ? 422 : 200,
      );
    } catch (error) {
      const { message } = formError(request, error);
      const status = error instanceof ProbityError && error.status === 413 ? 413 : 400; // too many questions: as the API says
      return this.bank(request, reply, user, id, { importError: message, importContent: content, format }, status);
    }
  }

  @Post('courses/:id/items/:itemId/approve')
  @PageAuth('trainer', 'academy_admin')
  async approve(
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
  ): Promise<void> {
    await this.items.approve(user, itemId);
    redirect(reply, `/courses/${id}/items`, { kind: 'success', key: 'assessments:bank.approved' });
  }
}
