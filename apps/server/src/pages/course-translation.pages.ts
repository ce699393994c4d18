import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CoursesService, type TranslatableField } from '@probity/courses';
import { LANGUAGE_NAMES, type Locale, isLocale, translate } from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { ctx, redirect, render, STAFF } from './page';
import { pickLocales, sideBySideModel } from './side-by-side';

type Body = Record<string, unknown>;

/** Translating a course: its texts side by side, source language beside target language. */
@ApiExcludeController()
@Controller('courses')
export class CourseTranslationPages {
  constructor(private readonly courses: CoursesService) {}

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
}

/** "Module 2, lesson 1: text" in the reader's language. */
function fieldLabel(locale: Locale, field: TranslatableField): string {
  return translate(locale, `courses:translate.fields.${field.label.kind}`, {
    module: field.label.module,
    lesson: field.label.lesson,
    index: field.label.index,
  });
}
