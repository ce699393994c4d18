import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CoursesService,
  CreateCourseDto,
  CreateLessonDto,
  CreateModuleDto,
  type TranslatableField,
  UpdateLessonDto,
} from '@probity/courses';
import { LANGUAGE_NAMES, LOCALES, type Locale, type LocaleMap, direction, isLocale, translate } from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { ctx, formError, formText, redirect, render, validateForm, STAFF } from './page';
import { pickLocales, sideBySideModel } from './side-by-side';

type Body = Record<string, unknown>;
const text = formText;
const lines = (value: string): string[] =>
  value
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const tagList = (value: string): string[] =>
  value
    .split(/[,\s]+/)
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);

/** Sets one locale of a map, keeping the others (the authoring pages edit one language at a time). */
function withLocale(map: LocaleMap, locale: Locale, value: string): LocaleMap {
  const next = { ...map };
  if (value) next[locale] = value;
  else delete next[locale];
  return next;
}

/** Objectives edited one per line in one locale: line i becomes objective i's text in that locale. */
function objectivesWith(current: LocaleMap[], locale: Locale, value: string): LocaleMap[] {
  const wanted = lines(value);
  const length = Math.max(current.length, wanted.length);
  return Array.from({ length }, (_, i) => withLocale(current[i] ?? {}, locale, wanted[i] ?? '')).filter((m) => Object.keys(m).length > 0);
}

function editLocale(request: FastifyRequest, value: unknown): Locale {
  return isLocale(value) ? value : ctx(request).probity.locale;
}

/** Authoring pages for trainers and academy administrators: every action is a plain form. */
@ApiExcludeController()
@Controller('courses')
export class CoursesPages {
  constructor(private readonly courses: CoursesService) {}

  @Get()
  @PageAuth(...STAFF)
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    model: Body = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const { items, total } = await this.courses.list(user, 200, 0);
    await render(
      request,
      reply,
      'courses/list',
      'courses:list.title',
      {
        courses: items.map((c) => ({ ...c, displayTitle: c.title[locale] ?? c.title.en ?? Object.values(c.title)[0] })),
        total,
        locales: LOCALES.map((code) => ({ code, name: LANGUAGE_NAMES[code] })),
        form: { locale },
        ...model,
      },
      status,
    );
  }

  @Post()
  @PageAuth(...STAFF)
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const locale = editLocale(request, body.locale);
    const values = {
      code: text(body, 'code'),
      title: withLocale({}, locale, text(body, 'title')),
      summary: withLocale({}, locale, text(body, 'summary')),
    };
    const form = await validateForm(request, CreateCourseDto, values);
    if (form.errors) return this.list(request, reply, user, { form: { ...body, errors: form.errors } }, 400);
    try {
      const course = await this.courses.create(user, form.dto);
      redirect(reply, `/courses/${course.id}?edit=${locale}`, {
        kind: 'success',
        key: 'courses:list.created',
        params: { code: course.code },
      });
    } catch (error) {
      const { message, errors } = formError(request, error);
      return this.list(request, reply, user, { form: { ...body, errors, message } }, 409);
    }
  }

  @Get(':id')
  @PageAuth(...STAFF)
  async author(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('edit') edit?: string,
    model: Body = {},
    status = 200,
  ): Promise<void> {
    const locale = editLocale(request, edit);
    const tree = await this.courses.tree(user, id);
    const show = (map: LocaleMap): string => map[locale] ?? '';
    const missing = (map: LocaleMap): boolean => !map[locale] && Object.keys(map).length > 0;
    await render(
      request,
      reply,
      'courses/author',
      'courses:author.title',
      {
        course: {
          ...tree.course,
          displayTitle: show(tree.course.title) || tree.course.title.en || Object.values(tree.course.title)[0],
          titleText: show(tree.course.title),
          summaryText: show(tree.course.summary),
          objectivesText: tree.course.objectives.map((o) => o[locale] ?? '').join('\n'),
          tagsText: tree.course.tags.join(', '),
        },
        modules: tree.modules.map((m, mi) => ({
          id: m.id,
          number: mi + 1,
          first: mi === 0,
          last: mi === tree.modules.length - 1,
          title: show(m.title) || `(${Object.values(m.title)[0] ?? ''})`,
          titleMissing: missing(m.title),
          lessons: m.lessons.map((l, li) => ({
            id: l.id,
            number: li + 1,
            first: li === 0,
            last: li === m.lessons.length - 1,
            title: show(l.title) || `(${Object.values(l.title)[0] ?? ''})`,
            titleMissing: missing(l.title),
            bodyMissing: missing(l.body),
            durationMinutes: l.durationMinutes,
          })),
        })),
        translation: LOCALES.map((code) => ({
          code,
          name: LANGUAGE_NAMES[code],
          percent: tree.translation[code],
          complete: tree.translation[code] === 100,
        })),
        versions: tree.versions,
        lessonsTotal: tree.lessonsTotal,
        durationMinutes: tree.durationMinutes,
        edit: locale,
        editName: LANGUAGE_NAMES[locale],
        editDir: direction(locale),
        locales: LOCALES.map((code) => ({ code, name: LANGUAGE_NAMES[code], current: code === locale })),
        ...model,
      },
      status,
    );
  }

  @Post(':id')
  @PageAuth(...STAFF)
  async updateCourse(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const locale = editLocale(request, body.edit);
    const tree = await this.courses.tree(user, id);
    try {
      await this.courses.update(user, id, {
        title: withLocale(tree.course.title, locale, text(body, 'title')),
        summary: withLocale(tree.course.summary, locale, text(body, 'summary')),
        objectives: objectivesWith(tree.course.objectives, locale, text(body, 'objectives')),
        tags: tagList(text(body, 'tags')),
        shared: body.shared === 'on',
      });
      redirect(reply, `/courses/${id}?edit=${locale}`, { kind: 'success', key: 'courses:author.saved' });
    } catch (error) {
      const { message } = formError(request, error);
      return this.author(request, reply, user, id, locale, { pageError: message }, 400);
    }
  }

  @Post(':id/modules')
  @PageAuth(...STAFF)
  async addModule(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const locale = editLocale(request, body.edit);
    const values = {
      title: withLocale({}, locale, text(body, 'title')),
      objectives: objectivesWith([], locale, text(body, 'objectives')),
      scenario: withLocale({}, locale, text(body, 'scenario')),
    };
    const form = await validateForm(request, CreateModuleDto, values);
    if (form.errors) return this.author(request, reply, user, id, locale, { moduleForm: { ...body, errors: form.errors } }, 400);
    await this.courses.addModule(user, id, form.dto);
    redirect(reply, `/courses/${id}?edit=${locale}#modules`, { kind: 'success', key: 'courses:author.module_added' });
  }

  @Post(':id/modules/:moduleId/lessons')
  @PageAuth(...STAFF)
  async addLesson(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('moduleId', ParseUUIDPipe) moduleId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const locale = editLocale(request, body.edit);
    const values = {
      title: withLocale({}, locale, text(body, 'title')),
      body: withLocale({}, locale, text(body, 'body')),
      durationMinutes: text(body, 'durationMinutes') || '0',
    };
    const form = await validateForm(request, CreateLessonDto, values);
    if (form.errors) return this.author(request, reply, user, id, locale, { lessonForm: { ...body, moduleId, errors: form.errors } }, 400);
    const lesson = await this.courses.addLesson(user, moduleId, form.dto);
    redirect(reply, `/courses/${id}?edit=${locale}#lesson-${lesson.id}`, { kind: 'success', key: 'courses:author.lesson_added' });
  }

  @Post(':id/modules/:moduleId/move')
  @PageAuth(...STAFF)
  async moveModule(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('moduleId', ParseUUIDPipe) moduleId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    await this.courses.moveModule(user, moduleId, body.direction === 'up' ? 'up' : 'down');
    redirect(reply, `/courses/${id}?edit=${editLocale(request, body.edit)}#module-${moduleId}`);
  }

  @Post(':id/lessons/:lessonId/move')
  @PageAuth(...STAFF)
  async moveLesson(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('lessonId', ParseUUIDPipe) lessonId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    await this.courses.moveLesson(user, lessonId, body.direction === 'up' ? 'up' : 'down');
    redirect(reply, `/courses/${id}?edit=${editLocale(request, body.edit)}#lesson-${lessonId}`);
  }

  @Get(':id/modules/:moduleId')
  @PageAuth(...STAFF)
  async moduleForm(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('moduleId', ParseUUIDPipe) moduleId: string,
    @Query('edit') edit?: string,
  ): Promise<void> {
    const locale = editLocale(request, edit);
    const tree = await this.courses.tree(user, id);
    const module = tree.modules.find((m) => m.id === moduleId);
    if (!module) return this.author(request, reply, user, id, locale);
    await render(request, reply, 'courses/module', 'courses:module.title', {
      courseId: id,
      module: {
        id: module.id,
        titleText: module.title[locale] ?? '',
        objectivesText: module.objectives.map((o) => o[locale] ?? '').join('\n'),
        scenarioText: module.scenario[locale] ?? '',
        scenarioHtml: module.scenarioHtml[locale] ?? '',
        tagsText: module.tags.join(', '),
      },
      edit: locale,
      editName: LANGUAGE_NAMES[locale],
      editDir: direction(locale),
    });
  }

  @Post(':id/modules/:moduleId')
  @PageAuth(...STAFF)
  async saveModule(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('moduleId', ParseUUIDPipe) moduleId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const locale = editLocale(request, body.edit);
    const tree = await this.courses.tree(user, id);
    const module = tree.modules.find((m) => m.id === moduleId);
    if (!module) return this.author(request, reply, user, id, locale);
    try {
      await this.courses.updateModule(user, moduleId, {
        title: withLocale(module.title, locale, text(body, 'title')),
        objectives: objectivesWith(module.objectives, locale, text(body, 'objectives')),
        scenario: withLocale(module.scenario, locale, text(body, 'scenario')),
        tags: tagList(text(body, 'tags')),
      });
      redirect(reply, `/courses/${id}?edit=${locale}#module-${moduleId}`, { kind: 'success', key: 'courses:author.saved' });
    } catch (error) {
      const { message } = formError(request, error);
      return this.author(request, reply, user, id, locale, { pageError: message }, 400);
    }
  }

  @Get(':id/lessons/:lessonId')
  @PageAuth(...STAFF)
  async lessonForm(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('lessonId', ParseUUIDPipe) lessonId: string,
    @Query('edit') edit?: string,
  ): Promise<void> {
    const locale = editLocale(request, edit);
    const tree = await this.courses.tree(user, id);
    const lesson = tree.modules.flatMap((m) => m.lessons).find((l) => l.id === lessonId);
    if (!lesson) return this.author(request, reply, user, id, locale);
    await render(request, reply, 'courses/lesson', 'courses:lesson.title', {
      courseId: id,
      lesson: {
        id: lesson.id,
        titleText: lesson.title[locale] ?? '',
        bodyText: lesson.body[locale] ?? '',
        bodyHtml: lesson.bodyHtml[locale] ?? '',
        durationMinutes: lesson.durationMinutes,
        tagsText: lesson.tags.join(', '),
      },
      edit: locale,
      editName: LANGUAGE_NAMES[locale],
      editDir: direction(locale),
    });
  }

  @Post(':id/lessons/:lessonId')
  @PageAuth(...STAFF)
  async saveLesson(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('lessonId', ParseUUIDPipe) lessonId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const locale = editLocale(request, body.edit);
    const tree = await this.courses.tree(user, id);
    const lesson = tree.modules.flatMap((m) => m.lessons).find((l) => l.id === lessonId);
    if (!lesson) return this.author(request, reply, user, id, locale);
    // The API's DTO checks the form: a duration of "abc" or 5000 minutes is refused here as there.
    const form = await validateForm(request, UpdateLessonDto, {
      title: withLocale(lesson.title, locale, text(body, 'title')),
      body: withLocale(lesson.body, locale, text(body, 'body')),
      durationMinutes: text(body, 'durationMinutes') || lesson.durationMinutes,
      tags: tagList(text(body, 'tags')),
    });
    if (form.errors)
      return this.author(request, reply, user, id, locale, { pageError: Object.values(form.errors).join(' '), errors: form.errors }, 400);
    try {
      await this.courses.updateLesson(user, lessonId, form.dto);
      redirect(reply, `/courses/${id}/lessons/${lessonId}?edit=${locale}`, { kind: 'success', key: 'courses:author.saved' });
    } catch (error) {
      const { message } = formError(request, error);
      return this.author(request, reply, user, id, locale, { pageError: message }, 400);
    }
  }

  /** The side-by-side translation editor: source locale on one side, target on the other. */
  @Get(':id/translate')
  @PageAuth(...STAFF)
  async translateForm(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ): Promise<void> {
    const pageLocale = ctx(request).probity.locale;
    const { source, target } = pickLocales(pageLocale, from, to);
    const { course, fields, translation } = await this.courses.fields(user, id);
    const rows = fields.map((f) => ({ key: f.key, label: fieldLabel(pageLocale, f), markdown: f.kind === 'markdown', value: f.value }));
    await render(request, reply, 'courses/translate', 'courses:translate.title', {
      courseId: id,
      courseTitle: course.title[pageLocale] ?? course.title.en ?? Object.values(course.title)[0],
      ...sideBySideModel(rows, source, target, translation),
    });
  }

  @Post(':id/translate')
  @PageAuth(...STAFF)
  async saveTranslation(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const target = isLocale(body.to) ? body.to : undefined;
    const source = isLocale(body.from) ? body.from : 'en';
    if (!target) {
      redirect(reply, `/courses/${id}/translate`);
      return;
    }
    const entries = Object.entries(body)
      .filter(([key, value]) => key.startsWith('t:') && typeof value === 'string')
      .map(([key, value]) => ({ key: key.slice(2), text: value as string }));
    const translation = await this.courses.saveTranslations(user, id, target, entries);
    redirect(reply, `/courses/${id}/translate?from=${source}&to=${target}`, {
      kind: 'success',
      key: 'courses:translate.saved',
      params: { language: LANGUAGE_NAMES[target], percent: translation[target] },
    });
  }

  @Post(':id/publish')
  @PageAuth(...STAFF)
  async publish(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const locale = editLocale(request, body.edit);
    try {
      const version = await this.courses.publish(user, id);
      redirect(reply, `/courses/${id}?edit=${locale}#versions`, {
        kind: 'success',
        key: 'courses:author.published',
        params: { number: version.number },
      });
    } catch (error) {
      const { message } = formError(request, error);
      return this.author(request, reply, user, id, locale, { pageError: message }, 422);
    }
  }
}

/** "Module 2, lesson 1: text" in the reader's language. */
function fieldLabel(locale: Locale, field: TranslatableField): string {
  return translate(locale, `courses:translate.fields.${field.label.kind}`, {
    module: field.label.module,
    lesson: field.label.lesson,
    index: field.label.index,
  });
}
