import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CreateAssessmentDto, CreateItemDto, ItemsService, mayApprove } from '@probity/assessments';
import { LANGUAGE_NAMES, ProbityError, isLocale, pick, translate } from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { asList, ctx, formError, formText, redirect, render, validateForm, STAFF } from './page';
import { formFromContent, itemDtoFromForm, mergeEdit } from './item-form';
import { percentages, pickLocales, sideBySideModel } from './side-by-side';

type Body = Record<string, unknown>;

/** The question bank: write, import, translate, revise and approve questions, build tests from them. */
@ApiExcludeController()
@Controller()
export class BankPages {
  constructor(private readonly items: ItemsService) {}

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
