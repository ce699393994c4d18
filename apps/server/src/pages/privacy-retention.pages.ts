import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFound, ProbityError, pick, translate } from '@probity/i18n';
import { AcademiesService, type AuthUser, CurrentUser, PageAuth, hasRole } from '@probity/identity';
import { RETENTION_LIMITS, type RetentionSettings, RetentionService, SetRetentionDto } from '@probity/privacy';
import { ctx, formError, formText, redirect, render, validateForm } from './page';

type Body = Record<string, unknown>;
type Form = { answerTextsYears: string; inactiveAccountYears: string };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The retention periods on a page (issue 16 point 4): an academy's administrators set their academy's, platform
 * administrators any academy's (chosen with `?academy=`); below the form, what the latest nightly runs did.
 */
@ApiExcludeController()
@Controller('admin/retention')
export class PrivacyRetentionPages {
  constructor(
    private readonly retention: RetentionService,
    private readonly academies: AcademiesService,
  ) {}

  @Get()
  @PageAuth('academy_admin', 'platform_admin')
  async form(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Query('academy') academyParam?: string,
    model: { form?: Form; errors?: Record<string, string>; message?: string } = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const academyId = this.target(user, academyParam);
    const platform = hasRole(user, 'platform_admin');
    const choices = platform
      ? (await this.academies.list({ limit: 500 })).items.map((a) => ({
          id: a.id,
          name: pick(a.name, locale).text || a.code,
          selected: a.id === academyId,
        }))
      : [];
    if (!academyId) {
      await render(request, reply, 'privacy/retention', 'retention:title', { choices, academy: null }, status);
      return;
    }
    const settings = await this.retention.get(user, academyId);
    const academy = await this.academies.get(academyId);
    const { periods } = settings;
    const years = (count: number): string => translate(locale, 'retention:years', { count });
    const field = (name: keyof Form, current: number) => ({
      name,
      value: model.form?.[name] ?? String(current),
      min: RETENTION_LIMITS[name].min,
      max: RETENTION_LIMITS[name].max,
      error: model.errors?.[name],
      hint: translate(locale, name === 'answerTextsYears' ? 'retention:answer_texts_hint' : 'retention:inactive_accounts_hint', {
        min: RETENTION_LIMITS[name].min,
        max: RETENTION_LIMITS[name].max,
        default: years(RETENTION_LIMITS[name].default),
      }),
    });
    await render(
      request,
      reply,
      'privacy/retention',
      'retention:title',
      {
        choices,
        academy: { id: academyId, name: pick(academy.name, locale).text || academy.code },
        action: platform ? `/admin/retention?academy=${academyId}` : '/admin/retention',
        custom: periods.custom,
        updatedAt: periods.updatedAt,
        fields: [field('answerTextsYears', periods.answerTextsYears), field('inactiveAccountYears', periods.inactiveAccountYears)],
        message: model.message,
        ...report(settings, locale),
      },
      status,
    );
  }

  @Post()
  @PageAuth('academy_admin', 'platform_admin')
  async save(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Query('academy') academyParam?: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const form: Form = {
      answerTextsYears: formText(body, 'answerTextsYears'),
      inactiveAccountYears: formText(body, 'inactiveAccountYears'),
    };
    const academyId = this.target(user, academyParam);
    if (!academyId) throw new NotFound('academy');
    const checked = await validateForm(request, SetRetentionDto, form);
    if (checked.errors) return this.form(request, reply, user, academyParam, { form, errors: checked.errors }, 400);
    try {
      await this.retention.set(user, academyId, checked.dto);
      redirect(reply, hasRole(user, 'platform_admin') ? `/admin/retention?academy=${academyId}` : '/admin/retention', {
        kind: 'success',
        key: 'retention:saved',
      });
    } catch (error) {
      const { message, errors } = formError(request, error);
      return this.form(request, reply, user, academyParam, { form, errors, message }, error instanceof ProbityError ? error.status : 400);
    }
  }

  /** Whose periods the page shows: the academy administrator's academy; for platform administrators `?academy=`, if any. */
  private target(user: AuthUser, academyParam: string | undefined): string | null {
    if (hasRole(user, 'platform_admin')) {
      if (academyParam === undefined || academyParam === '') return null;
      if (!UUID.test(academyParam)) throw new NotFound('academy');
      return academyParam;
    }
    if (!user.academyId) throw new NotFound('academy');
    return user.academyId;
  }
}

/** The runs' report: the latest run in a sentence, then a table of the latest runs. */
function report(settings: RetentionSettings, locale: Parameters<typeof translate>[0]): Record<string, unknown> {
  const [last] = settings.runs;
  return {
    runs: settings.runs,
    lastRun: last
      ? {
          ranAt: last.ranAt,
          answers: translate(locale, 'retention:answers_cleared', { count: last.answerTextsCleared }),
          accounts: translate(locale, 'retention:accounts_erased', { count: last.accountsErased }),
        }
      : null,
  };
}
