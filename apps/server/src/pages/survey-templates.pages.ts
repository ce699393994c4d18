import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SurveyTemplateDto, SurveysService, type TemplateView } from '@probity/evaluation';
import {
  Conflict,
  Forbidden,
  type Locale,
  type LocaleMap,
  ProbityError,
  ValidationFailed,
  direction,
  isLocale,
  pick,
  validated,
} from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { ctx, formError, redirect, render, STAFF } from './page';
import {
  type TemplateFormState,
  applyAction,
  editorModel,
  emptyForm,
  formFromTemplate,
  parseAction,
  parseTemplateForm,
  previewModel,
  templateDto,
  templateErrors,
} from './survey-template-form';

type Body = Record<string, unknown>;
const PAGE_SIZE = 50;

/**
 * Reaction survey templates on pages, for trainers and administrators: the list of those they may use, a form that
 * writes a template in the six languages (questions added, removed and moved by plain buttons, so it works without
 * JavaScript), and a preview in any language. Saving goes through `SurveysService`, as the API does: the same DTO,
 * the same rules, the same error codes, each message beside its field. A template a cohort uses is read-only;
 * the page offers to copy it.
 */
@ApiExcludeController()
@Controller('surveys/templates')
export class SurveyTemplatesPages {
  constructor(private readonly surveys: SurveysService) {}

  @Get()
  @PageAuth(...STAFF)
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Query('page') pageParam?: string,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const page = /^\d{1,6}$/.test(pageParam ?? '') ? Math.max(1, Number(pageParam)) : 1;
    const { items, total } = await this.surveys.listTemplates(user, PAGE_SIZE, (page - 1) * PAGE_SIZE);
    await render(request, reply, 'evaluation/templates', 'evaluation:templates.title', {
      rows: items.map((s) => ({
        id: s.template.id,
        title: shown(s.template.title, locale),
        platform: s.template.academyId === null,
        own: s.template.academyId !== null && s.template.academyId === user.academyId,
        items: s.itemCount,
        inUse: s.inUse,
        // The service's own rules: a button shows only when saving would be allowed.
        editable: !s.inUse && this.surveys.mayEdit(user, s.template),
      })),
      pager:
        total > PAGE_SIZE
          ? {
              from: Math.min(total, (page - 1) * PAGE_SIZE + 1),
              to: Math.min(total, page * PAGE_SIZE),
              total,
              previous: page > 1 ? page - 1 : undefined,
              next: page * PAGE_SIZE < total ? page + 1 : undefined,
            }
          : undefined,
    });
  }

  @Get('new')
  @PageAuth(...STAFF)
  async newPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.editor(request, reply, undefined, emptyForm());
  }

  @Post('new')
  @PageAuth(...STAFF)
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const state = parseTemplateForm(body);
    const action = parseAction(body.action);
    if (action.kind !== 'save') return this.editor(request, reply, undefined, applyAction(state, action));
    try {
      const dto = await validated(SurveyTemplateDto, templateDto(state));
      const created = await this.surveys.createTemplate(user, dto);
      redirect(reply, `/surveys/templates/${created.template.id}`, { kind: 'success', key: 'evaluation:templates.created' });
    } catch (error) {
      return this.refused(request, reply, user, undefined, state, error);
    }
  }

  /** The preview in a chosen language (`?in=ur`, else the page's), with what the reader may do with the template. */
  @Get(':id')
  @PageAuth(...STAFF)
  async view(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('in') language?: string,
  ): Promise<void> {
    const view = await this.surveys.template(user, id);
    await this.viewPage(request, reply, user, view, isLocale(language) ? language : undefined);
  }

  @Get(':id/edit')
  @PageAuth(...STAFF)
  async editPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const view = await this.surveys.template(user, id);
    // In use (or another's to keep): read-only, with the offer to copy it.
    if (!view.editable) return this.viewPage(request, reply, user, view);
    await this.editor(request, reply, view, formFromTemplate(view.template, view.items));
  }

  @Post(':id/edit')
  @PageAuth(...STAFF)
  async update(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const view = await this.surveys.template(user, id);
    const state = parseTemplateForm(body);
    const action = parseAction(body.action);
    // Read-only (a cohort uses it, or it is another's to keep): refused as the service refuses it, copy offered.
    if (!view.editable) {
      const refusal = view.inUse ? new Conflict('survey_template_in_use') : new Forbidden();
      return this.viewPage(request, reply, user, view, undefined, refusal.status, formError(request, refusal).message);
    }
    if (action.kind !== 'save') return this.editor(request, reply, view, applyAction(state, action));
    try {
      const dto = await validated(SurveyTemplateDto, templateDto(state));
      await this.surveys.updateTemplate(user, id, dto);
      redirect(reply, `/surveys/templates/${id}`, { kind: 'success', key: 'evaluation:templates.updated' });
    } catch (error) {
      return this.refused(request, reply, user, view, state, error);
    }
  }

  @Post(':id/copy')
  @PageAuth(...STAFF)
  async copy(@Res() reply: FastifyReply, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    const copy = await this.surveys.copyTemplate(user, id);
    redirect(reply, `/surveys/templates/${copy.template.id}/edit`, { kind: 'success', key: 'evaluation:templates.copied' });
  }

  // ---- rendering ------------------------------------------------------------------------------------------

  private async editor(
    request: FastifyRequest,
    reply: FastifyReply,
    view: TemplateView | undefined,
    state: TemplateFormState,
    extra: { errors?: Record<string, string>; message?: string } = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const action = view ? `/surveys/templates/${view.template.id}/edit` : '/surveys/templates/new';
    await render(
      request,
      reply,
      'evaluation/template-edit',
      view ? 'evaluation:templates.edit_title' : 'evaluation:templates.new_title',
      {
        ...editorModel(state, extra.errors ?? {}, locale, action),
        templateId: view?.template.id,
        templateTitle: view ? pick(view.template.title, locale).text : undefined,
        message: extra.message,
      },
      status,
    );
  }

  /** A refused save: field problems beside their fields (400), or the page read-only when a cohort took the template up meanwhile. */
  private async refused(
    request: FastifyRequest,
    reply: FastifyReply,
    user: AuthUser,
    view: TemplateView | undefined,
    state: TemplateFormState,
    error: unknown,
  ): Promise<void> {
    if (!(error instanceof ProbityError)) throw error;
    const locale = ctx(request).probity.locale;
    if (error instanceof ValidationFailed)
      return this.editor(request, reply, view, state, { errors: templateErrors(locale, error.violations) }, 400);
    const { message } = formError(request, error);
    if (view && (error.status === 409 || error.status === 403))
      return this.viewPage(request, reply, user, await this.surveys.template(user, view.template.id), undefined, error.status, message);
    return this.editor(request, reply, view, state, { message }, error.status);
  }

  private async viewPage(
    request: FastifyRequest,
    reply: FastifyReply,
    user: AuthUser,
    view: TemplateView,
    language?: Locale,
    status = 200,
    message?: string,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const { template } = view;
    await render(
      request,
      reply,
      'evaluation/template-view',
      'evaluation:templates.view_title',
      {
        templateId: template.id,
        heading: shown(template.title, locale),
        platform: template.academyId === null,
        own: template.academyId !== null && template.academyId === user.academyId,
        inUse: view.inUse,
        editable: view.editable,
        message,
        ...previewModel(template, view.items, language ?? locale, locale),
      },
      status,
    );
  }
}

/** A text in the page's language (else English, else the first written), with the language it is in. */
function shown(map: LocaleMap, locale: Locale): { text: string; lang: Locale; dir: 'ltr' | 'rtl' } {
  const picked = pick(map, locale);
  const lang = picked.locale ?? locale;
  return { text: picked.text, lang, dir: direction(lang) };
}
