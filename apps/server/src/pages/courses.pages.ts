import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CoursesService, CreateCourseDto, CreateLessonDto, CreateModuleDto } from '@probity/courses';
import { LANGUAGE_NAMES, LOCALES } from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { editLocale, objectivesWith, renderAuthor, tagList, withLocale } from './course-author';
import { ctx, formError, formText, redirect, render, validateForm, STAFF } from './page';

type Body = Record<string, unknown>;
const text = formText;

/**
 * Authoring pages for trainers and academy administrators: every action is a plain form. The course's list and
 * outline are here; editing one module or lesson is in CourseContentPages, translating the course in CourseTranslationPages.
 */
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
    return renderAuthor(this.courses, request, reply, user, id, editLocale(request, edit), model, status);
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
