import { Controller, Get, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CoursesService } from '@probity/courses';
import { LANGUAGE_NAMES, type Locale, NotFound, direction, pick } from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { ctx, render } from './page';

/** Published content is frozen: a reader's page may be cached by their browser for a while. */
const CACHE = 'private, max-age=300';

/** The catalogue and the reading pages: server-rendered, small, no script. */
@ApiExcludeController()
@Controller()
export class LearnPages {
  constructor(private readonly courses: CoursesService) {}

  @Get('catalog')
  @PageAuth()
  async catalog(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const locale = ctx(request).probity.locale;
    const { items } = await this.courses.catalog(locale, user);
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
    const version = await this.courses.version(user, versionId);
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
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const version = await this.courses.version(user, versionId);
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
      },
      200,
      { cache: CACHE, titleParams: { title: title.text } },
    );
  }
}
