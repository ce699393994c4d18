import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CohortsService, ProgressService } from '@probity/cohorts';
import { CoursesService } from '@probity/courses';
import { LANGUAGE_NAMES, type Locale, NotFound, direction, pick, translate } from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { ctx, redirect, render } from './page';

/** Published content is frozen: a reader's page may be cached by their browser for a while. */
const CACHE = 'private, max-age=300';

/** The catalogue and the reading pages: server-rendered, small, no script. */
@ApiExcludeController()
@Controller()
export class LearnPages {
  constructor(
    private readonly courses: CoursesService,
    private readonly cohorts: CohortsService,
    private readonly progress: ProgressService,
  ) {}

  private enrolled(user: AuthUser): (versionId: string) => Promise<'staff' | 'learner' | undefined> {
    return (versionId) => this.cohorts.versionRelation(user, versionId);
  }

  @Get('catalog')
  @PageAuth()
  async catalog(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const locale = ctx(request).probity.locale;
    // May come from the read replica (PROBITY_DATABASE_REPLICA_URL): a course published a moment ago shows a moment later.
    const { items } = await this.courses.catalog(locale, user, undefined, { tolerateLag: true });
    await render(request, reply, 'learn/catalog', 'courses:catalog.title', {
      items: items.map((item) => ({ ...item, languages: item.locales.map((l) => ({ code: l, name: LANGUAGE_NAMES[l as Locale] })) })),
    });
  }

  @Get('learn/:versionId')
  @PageAuth()
  async course(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('versionId', ParseUUIDPipe) versionId: string,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const version = await this.courses.version(user, versionId, this.enrolled(user));
    const s = version.snapshot;
    const text = (map: Parameters<typeof pick>[0]) => pick(map, locale, user.academyLocale);
    const title = text(s.course.title);
    await render(
      request,
      reply,
      'learn/course',
      'courses:learn.title',
      {
        versionId,
        number: version.number,
        title: title.text,
        titleLang: title.locale,
        summary: text(s.course.summary).text,
        objectives: s.course.objectives.map((o) => text(o).text),
        lessonsTotal: s.lessonsTotal,
        durationMinutes: s.durationMinutes,
        complete: version.locales.includes(locale),
        languages: version.locales.map((l) => ({ code: l, name: LANGUAGE_NAMES[l as Locale] })),
        modules: s.modules.map((m, i) => ({
          number: i + 1,
          title: text(m.title).text,
          objectives: m.objectives.map((o) => text(o).text),
          lessons: m.lessons.map((l) => ({ id: l.id, title: text(l.title).text, durationMinutes: l.durationMinutes })),
          scenario: text(m.scenarioHtml),
        })),
      },
      200,
      { cache: CACHE },
    );
  }

  @Get('learn/:versionId/lessons/:lessonId')
  @PageAuth()
  async lesson(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('versionId', ParseUUIDPipe) versionId: string,
    @Param('lessonId', ParseUUIDPipe) lessonId: string,
    @Query('cohort') cohortId?: string,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const version = await this.courses.version(user, versionId, this.enrolled(user));
    // Read within a cohort: the learner can mark the lesson done there.
    const state = cohortId && /^[0-9a-f-]{36}$/i.test(cohortId) ? await this.progress.learnerState(user, cohortId) : undefined;
    const cohort = state && state.cohort.courseVersionId === versionId ? state : undefined;
    const lessons = version.snapshot.modules.flatMap((m, mi) => m.lessons.map((l) => ({ ...l, module: m, moduleNumber: mi + 1 })));
    const index = lessons.findIndex((l) => l.id === lessonId);
    if (index < 0) throw new NotFound('lesson');
    const lesson = lessons[index];
    const body = pick(lesson.bodyHtml, locale, user.academyLocale);
    const title = pick(lesson.title, locale, user.academyLocale, body.locale);
    const neighbour = (i: number) =>
      lessons[i] ? { id: lessons[i].id, title: pick(lessons[i].title, locale, user.academyLocale).text } : undefined;
    await render(
      request,
      reply,
      'learn/lesson',
      'courses:learn.lesson_title',
      {
        versionId,
        courseTitle: pick(version.snapshot.course.title, locale, user.academyLocale).text,
        moduleTitle: pick(lesson.module.title, locale, user.academyLocale).text,
        moduleNumber: lesson.moduleNumber,
        title: title.text,
        html: body.text,
        contentLang: body.locale,
        contentDir: body.locale ? direction(body.locale) : undefined,
        fellBack: body.fellBack,
        fallbackName: body.locale ? LANGUAGE_NAMES[body.locale] : undefined,
        wantedName: LANGUAGE_NAMES[locale],
        durationMinutes: lesson.durationMinutes,
        previous: neighbour(index - 1),
        next: neighbour(index + 1),
        position: index + 1,
        total: lessons.length,
        lessonId,
        cohortId: cohort?.cohort.id,
        cohortQuery: cohort ? `?cohort=${cohort.cohort.id}` : '',
        done: cohort?.done.has(lessonId) ?? false,
        canComplete: cohort !== undefined && cohort.cohort.status !== 'closed' && cohort.status !== 'not_completed',
      },
      200,
      { cache: CACHE, titleParams: { title: title.text } },
    );
  }

  /** The learner's own page of a cohort: progress, what is left, the next session, the lessons. */
  @Get('my/cohorts/:cohortId')
  @PageAuth()
  async myCohort(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('cohortId', ParseUUIDPipe) cohortId: string,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const mine = (await this.progress.mine(user)).find((m) => m.cohort.id === cohortId);
    const state = await this.progress.learnerState(user, cohortId);
    if (!mine || !state) throw new NotFound('cohort');
    const s = mine.version.snapshot;
    const text = (map: Parameters<typeof pick>[0]): string => pick(map, locale, mine.cohort.locale as Locale, user.academyLocale).text;
    await render(request, reply, 'learn/my-cohort', 'cohorts:my.title', {
      cohort: mine.cohort,
      versionId: mine.version.id,
      courseTitle: text(s.course.title),
      entry: mine.entry,
      percentLessons: mine.entry.progress.lessonsTotal
        ? Math.round((100 * mine.entry.progress.lessonsDone) / mine.entry.progress.lessonsTotal)
        : 100,
      left: mine.entry.unmet.map((rule) => unmetText(locale, rule, mine.cohort.completion.minAttendancePercent)),
      nextSession: mine.nextSession,
      modules: s.modules.map((m, i) => ({
        number: i + 1,
        title: text(m.title),
        lessons: m.lessons.map((l) => ({ id: l.id, title: text(l.title), durationMinutes: l.durationMinutes, done: state.done.has(l.id) })),
      })),
    });
  }

  @Post('my/cohorts/:cohortId/lessons/:lessonId/complete')
  @PageAuth()
  async completeLesson(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('cohortId', ParseUUIDPipe) cohortId: string,
    @Param('lessonId', ParseUUIDPipe) lessonId: string,
  ): Promise<void> {
    const result = await this.progress.completeLesson(user, cohortId, lessonId);
    const state = await this.progress.learnerState(user, cohortId);
    const next = ((request.body ?? {}) as Record<string, unknown>).next;
    const to = typeof next === 'string' && next.startsWith('/learn/') ? next : `/my/cohorts/${cohortId}`;
    redirect(reply, to, {
      kind: 'success',
      key: result.status === 'completed' && state ? 'cohorts:my.lesson_done_completed' : 'cohorts:my.lesson_done',
      params: { done: result.lessonsDone, total: result.lessonsTotal },
    });
  }
}

/** A rule still to meet, as the learner reads it. */
export function unmetText(locale: Locale, rule: string, minAttendance: number): string {
  if (rule.startsWith('assessment:')) return translate(locale, 'cohorts:rules.assessment');
  return translate(locale, `cohorts:rules.${rule}`, { percent: minAttendance });
}
