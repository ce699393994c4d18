import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CoursesService, UpdateLessonDto } from '@probity/courses';
import { LANGUAGE_NAMES, direction } from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { editLocale, objectivesWith, renderAuthor, tagList, withLocale } from './course-author';
import { formError, formText, redirect, render, validateForm, STAFF } from './page';

type Body = Record<string, unknown>;
const text = formText;

/** One module's or one lesson's own page in a course, in the language being edited. */
@ApiExcludeController()
@Controller('courses')
export class CourseContentPages {
  constructor(private readonly courses: CoursesService) {}

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
    if (!module) return renderAuthor(this.courses, request, reply, user, id, locale);
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
    if (!module) return renderAuthor(this.courses, request, reply, user, id, locale);
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
      return renderAuthor(this.courses, request, reply, user, id, locale, { pageError: message }, 400);
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
    if (!lesson) return renderAuthor(this.courses, request, reply, user, id, locale);
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
    if (!lesson) return renderAuthor(this.courses, request, reply, user, id, locale);
    // The API's DTO checks the form: a duration of "abc" or 5000 minutes is refused here as there.
    const form = await validateForm(request, UpdateLessonDto, {
      title: withLocale(lesson.title, locale, text(body, 'title')),
      body: withLocale(lesson.body, locale, text(body, 'body')),
      durationMinutes: text(body, 'durationMinutes') || lesson.durationMinutes,
      tags: tagList(text(body, 'tags')),
    });
    if (form.errors)
      return renderAuthor(
        this.courses,
        request,
        reply,
        user,
        id,
        locale,
        { pageError: Object.values(form.errors).join(' '), errors: form.errors },
        400,
      );
    try {
      await this.courses.updateLesson(user, lessonId, form.dto);
      redirect(reply, `/courses/${id}/lessons/${lessonId}?edit=${locale}`, { kind: 'success', key: 'courses:author.saved' });
    } catch (error) {
      const { message } = formError(request, error);
      return renderAuthor(this.courses, request, reply, user, id, locale, { pageError: message }, 400);
    }
  }
}
