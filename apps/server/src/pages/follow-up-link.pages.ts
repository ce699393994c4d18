import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { VerificationService } from '@probity/certificates';
import { FollowUpAnswersService, FollowUpResponseDto, type SupervisorForm } from '@probity/evaluation';
import { type Locale, type LocaleMap, ProbityError, ValidationFailed, pick, translate, validated } from '@probity/i18n';
import { clientAddressKey } from '@probity/identity';
import { answerModel, formAnswers, itemErrors } from './follow-up-forms';
import { ANON_CSRF_COOKIE, anonymousCsrf, ctx, formError, render } from './page';

type Body = Record<string, unknown>;

/**
 * Requests to supervisors' links per client address (an IPv6 /64 counts as one) in ten minutes. A person answering
 * needs a handful (open, change the language, send, correct); guessing a 256-bit token needs far more than any
 * limit allows, and this keeps the lookups bounded. Over the limit every link answers 429, found or not, so the limit
 * tells a guesser nothing about tokens.
 */
export const LINK_LIMIT = 30;
export const LINK_WINDOW_SECONDS = 600;

/**
 * A supervisor's follow-up questionnaire, opened from the link of their mail, without an account (ADR 0010): the token
 * is the only secret, looked up by its SHA-256. The page is in the supervisor's language (the one the learner gave)
 * unless they pick another; it shows the learner's name and the course, nothing else. One answer: after it, the link
 * says it was answered; an expired or unknown link gets a page saying so (410, 404).
 */
@ApiExcludeController()
@Controller()
export class FollowUpLinkPages {
  constructor(
    private readonly answers: FollowUpAnswersService,
    private readonly limits: VerificationService,
  ) {}

  @Get('f/:token')
  async open(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('token') token: string): Promise<void> {
    const form = await this.found(request, reply, token);
    if (form) await this.page(request, reply, token, form);
  }

  @Post('f/:token')
  async answer(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('token') token: string): Promise<void> {
    const form = await this.found(request, reply, token);
    if (!form) return;
    const body = (request.body ?? {}) as Body;
    const { values, answers } = formAnswers(form.items, body);
    const locale = ctx(request).probity.locale;
    const sent = request.cookies?.[ANON_CSRF_COOKIE];
    if (!sent || body._csrf !== sent)
      return this.page(request, reply, token, form, { values, message: translate(locale, 'errors:csrf_failed') }, 403);
    try {
      await this.answers.linkAnswer(token, await validated(FollowUpResponseDto, { answers }));
    } catch (error) {
      if (!(error instanceof ProbityError)) throw error;
      if (error instanceof ValidationFailed)
        return this.page(request, reply, token, form, { values, errors: itemErrors(error.violations, answers, locale) }, 400);
      if (error.code === 'follow_up_already_answered' || error.code === 'follow_up_link_expired')
        return this.gone(request, reply, error.code === 'follow_up_already_answered' ? 'answered' : 'expired');
      return this.page(request, reply, token, form, { values, message: formError(request, error).message }, error.status);
    }
    await render(request, reply, 'evaluation/follow-up-link', 'followups:link.title', { state: 'thanks', learnerName: form.learnerName });
  }

  /**
   * The link's questionnaire, or nothing when a page saying why was sent: too many requests from this address (429),
   * a token nobody was sent (404), answered already or expired (410). The page speaks the supervisor's language
   * unless they chose one.
   */
  private async found(request: FastifyRequest, reply: FastifyReply, token: string): Promise<SupervisorForm | undefined> {
    const locale = ctx(request).probity.locale;
    if (!(await this.limits.allow(`follow-up-link:${clientAddressKey(request.ip)}`, LINK_LIMIT, LINK_WINDOW_SECONDS))) {
      await render(
        request,
        reply,
        'evaluation/follow-up-link',
        'followups:link.title',
        {
          state: 'limited',
          message: translate(locale, 'errors:too_many_link_attempts'),
        },
        429,
      );
      return undefined;
    }
    let form: SupervisorForm;
    try {
      form = await this.answers.linkForm(token.slice(0, 64));
    } catch (error) {
      if (!(error instanceof ProbityError) || error.status !== 404) throw error;
      await render(request, reply, 'evaluation/follow-up-link', 'followups:link.title', { state: 'unknown' }, 404);
      return undefined;
    }
    if (!ctx(request).probity.localeExplicit) ctx(request).probity.locale = form.contact.locale;
    if (form.status !== 'open') {
      await this.gone(request, reply, form.status);
      return undefined;
    }
    return form;
  }

  private gone(request: FastifyRequest, reply: FastifyReply, state: 'answered' | 'expired'): Promise<void> {
    return render(request, reply, 'evaluation/follow-up-link', 'followups:link.title', { state }, 410);
  }

  private async page(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    form: SupervisorForm,
    model: { values?: Record<string, string[]>; errors?: Record<string, string>; message?: string } = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const text = (map: LocaleMap): string => pick(map, locale, form.cohort.locale as Locale).text;
    await render(
      request,
      reply,
      'evaluation/follow-up-answer',
      'followups:answer.title',
      {
        ...answerModel(form, locale, model),
        action: `/f/${token}`,
        csrfName: '_csrf',
        csrfValue: anonymousCsrf(request, reply),
        respondent: 'supervisor',
        lead: translate(locale, 'followups:answer.lead_supervisor', {
          name: form.contact.name,
          learner: form.learnerName,
          course: text(form.courseTitle),
        }),
      },
      status,
      { cache: 'no-store' },
    );
  }
}
