import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ApproveDto,
  CreateRequestDto,
  ELIGIBILITY_RULES,
  FORMATS,
  REQUEST_STATES,
  RejectDto,
  RequestAccessService,
  RequestFilesService,
  type RequestMove,
  RequestScreeningService,
  RequestThreadService,
  type RequestView,
  RequestsService,
  ScreeningDto,
  TOPICS,
  UpdateRequestDto,
  attachmentDisposition,
} from '@probity/assistance';
import { LANGUAGE_NAMES, LOCALES, type Locale, ValidationFailed, direction, pick, translate, validated } from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { proposalText } from '../api/dto/assistance-requests.response';
import { uploadOf } from '../http/attachment-body';
import { formFromRequest, formOf, inputOf, sizeText } from './assistance-request-form';
import { ctx, errorFlash, formError, formText, redirect, render } from './page';

type Body = Record<string, unknown>;
const PARTIES = ['partner_focal_point', 'academy_admin', 'facility_manager', 'platform_admin'] as const;
/** Moves made with a plain button; approve and reject have forms of their own (a reason). */
const BUTTONS: RequestMove[] = ['submit', 'withdraw', 'screen'];

/**
 * Requests for technical assistance on pages, without JavaScript (issue 14 points 1-2): the list with where each
 * request stands; a form to write and change a draft in any of the six languages, each error tied to its field; the
 * request with its files (attached through a plain file form), its thread, and for facility managers Probity's
 * proposals, the screening form and the decision. Buttons show only what the service's own rules allow (`actions`).
 */
@ApiExcludeController()
@Controller('assistance/requests')
export class AssistanceRequestsPages {
  constructor(
    private readonly requests: RequestsService,
    private readonly access: RequestAccessService,
    private readonly screening: RequestScreeningService,
    private readonly files: RequestFilesService,
    private readonly thread: RequestThreadService,
  ) {}

  @Get()
  @PageAuth(...PARTIES)
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const locale = ctx(request).probity.locale;
    const query = (request.query ?? {}) as Body;
    const status = (REQUEST_STATES as readonly string[]).includes(String(query.status))
      ? (query.status as RequestView['request']['status'])
      : undefined;
    const topic = (TOPICS as readonly string[]).includes(String(query.topic))
      ? (query.topic as RequestView['request']['topic'])
      : undefined;
    const page = await this.requests.list(user, { status, topic, limit: 200, offset: 0 });
    const manages = user.roles.includes('facility_manager') || user.roles.includes('platform_admin');
    await render(request, reply, 'assistance/requests', 'assistance:list.title', {
      manages,
      mayFile: await this.access.mayFile(user),
      items: page.items.map((v) => ({
        id: v.request.id,
        reference: v.request.reference,
        title: v.request.title,
        locale: v.request.locale,
        dir: direction(v.request.locale as Locale),
        institution: pick(v.institution.name, locale).text,
        topic: translate(locale, `assistance:topics.${v.request.topic}`),
        status: v.request.status,
        statusText: translate(locale, `assistance:states.${v.request.status}`),
        submittedAt: v.request.submittedAt,
      })),
      total: page.total,
      states: REQUEST_STATES.map((s) => ({ value: s, label: translate(locale, `assistance:states.${s}`), selected: s === status })),
      topics: TOPICS.map((s) => ({ value: s, label: translate(locale, `assistance:topics.${s}`), selected: s === topic })),
    });
  }

  @Get('new')
  @PageAuth(...PARTIES)
  async newPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    model: Body = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const form = { locale, topic: 'supply_reduction', format: 'expert_mission', languages: [locale], ...((model.form as Body) ?? {}) };
    await render(
      request,
      reply,
      'assistance/request-form',
      'assistance:form.new_title',
      this.formModel(request, { creating: true, ...model, form }),
      status,
    );
  }

  @Post()
  @PageAuth(...PARTIES)
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const form = formOf((request.body ?? {}) as Body);
    try {
      const view = await this.requests.create(user, await validated(CreateRequestDto, inputOf(form, true)));
      redirect(reply, `/assistance/requests/${view.request.id}`, { kind: 'success', key: 'assistance:form.created' });
    } catch (error) {
      const { message, errors } = formError(request, error);
      return this.newPage(request, reply, user, { form, errors, message }, 400);
    }
  }

  @Get(':id')
  @PageAuth(...PARTIES)
  async details(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const view = await this.requests.get(user, id);
    const r = view.request;
    const files = await this.files.list(user, id);
    const comments = await this.thread.list(user, id);
    const aid = view.manager && r.status !== 'draft' ? await this.screening.aid(user, id) : undefined;
    const rules = ELIGIBILITY_RULES.map((rule) => {
      const judgement = r.screening[rule];
      const proposal = aid?.proposals.find((p) => p.rule === rule);
      return {
        rule,
        label: translate(locale, `assistance:rules.${rule}`),
        judged: Boolean(judgement),
        met: judgement?.met === true,
        notMet: judgement?.met === false,
        note: judgement?.note ?? '',
        proposal: proposal ? proposalText(proposal, locale) : undefined,
        proposedMet: proposal?.met === true,
        proposedNotMet: proposal?.met === false,
      };
    });
    await render(
      request,
      reply,
      'assistance/request',
      'assistance:detail.title',
      {
        view,
        request: {
          ...r,
          dir: direction(r.locale as Locale),
          statusText: translate(locale, `assistance:states.${r.status}`),
          where: translate(locale, `assistance:where.${r.status}`),
          topicText: translate(locale, `assistance:topics.${r.topic}`),
          formatText: translate(locale, `assistance:formats.${r.format}`),
          languageNames: r.languages.map((l) => (LANGUAGE_NAMES as Record<string, string>)[l] ?? l).join(', '),
          decided: r.status === 'approved' || r.status === 'rejected',
        },
        institution: {
          name: pick(view.institution.name, locale).text,
          kind: translate(locale, `assistance:kinds.${view.institution.kind}`),
        },
        buttons: view.actions
          .filter((a) => BUTTONS.includes(a))
          .map((move) => ({ move, label: translate(locale, `assistance:moves.${move}`) })),
        mayApprove: view.actions.includes('approve'),
        // An approved request is made a mission on its own form (which says so when it has been already).
        missionForm: r.status === 'approved',
        mayReject: view.actions.includes('reject'),
        files: files.map((f) => ({ id: f.id, fileName: f.fileName, size: sizeText(locale, f.size), createdAt: f.createdAt })),
        removable: view.editable,
        comments: comments.map((c) => ({
          authorName: c.authorName,
          fromFacility: c.fromFacility,
          body: c.comment.body,
          createdAt: c.comment.createdAt,
        })),
        rules,
        aid: aid
          ? {
              similar: aid.similar.map((s) => ({
                id: s.id,
                reference: s.reference,
                title: s.title,
                institution: s.institution ? pick(s.institution.name, locale).text : '',
                statusText: translate(locale, `assistance:states.${s.status}`),
              })),
              academy: view.institution.kind === 'academy',
              cohorts: aid.cohorts.map((c) => ({
                name: c.name,
                courseTitle: pick(c.courseTitle, locale).text,
                startsOn: c.startsOn,
                endsOn: c.endsOn,
                statusText: translate(locale, `cohorts:cohort_status.${c.status}`),
              })),
            }
          : undefined,
      },
      200,
      { titleParams: { reference: r.reference } },
    );
  }

  @Get(':id/edit')
  @PageAuth(...PARTIES)
  async editPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    model: Body = {},
    status = 200,
  ): Promise<void> {
    const view = await this.requests.get(user, id);
    if (!view.editable)
      return redirect(reply, `/assistance/requests/${id}`, {
        kind: 'error',
        key: 'common:message',
        params: { message: translate(ctx(request).probity.locale, 'errors:request_not_draft') },
      });
    await render(
      request,
      reply,
      'assistance/request-form',
      'assistance:form.edit_title',
      this.formModel(request, { creating: false, id, reference: view.request.reference, form: formFromRequest(view), ...model }),
      status,
      { titleParams: { reference: view.request.reference } },
    );
  }

  @Post(':id')
  @PageAuth(...PARTIES)
  async update(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const form = formOf((request.body ?? {}) as Body);
    try {
      await this.requests.update(user, id, await validated(UpdateRequestDto, inputOf(form, false)));
      redirect(reply, `/assistance/requests/${id}`, { kind: 'success', key: 'assistance:form.saved' });
    } catch (error) {
      const { message, errors } = formError(request, error);
      return this.editPage(request, reply, user, id, { form, errors, message }, 400);
    }
  }

  @Post(':id/moves/:move')
  @PageAuth(...PARTIES)
  async move(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('move') move: string,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const body = (request.body ?? {}) as Body;
    try {
      let view: RequestView;
      if (move === 'submit') view = await this.requests.submit(user, id);
      else if (move === 'withdraw') view = await this.requests.withdraw(user, id);
      else if (move === 'screen') view = await this.requests.screen(user, id);
      else if (move === 'approve')
        view = await this.requests.approve(user, id, await validated(ApproveDto, { reason: formText(body, 'reason') }));
      else if (move === 'reject')
        view = await this.requests.reject(user, id, (await validated(RejectDto, { reason: formText(body, 'reason') })).reason);
      else return redirect(reply, `/assistance/requests/${id}`);
      redirect(reply, `/assistance/requests/${id}`, {
        kind: 'success',
        key: 'assistance:detail.moved',
        params: { state: translate(locale, `assistance:states.${view.request.status}`) },
      });
    } catch (error) {
      // An incomplete draft: its form, with each missing field marked.
      if (move === 'submit' && error instanceof ValidationFailed) {
        const { message, errors } = formError(request, error);
        return this.editPage(request, reply, user, id, { errors, message }, 400);
      }
      redirect(reply, `/assistance/requests/${id}`, errorFlash(request, error));
    }
  }

  @Post(':id/screening')
  @PageAuth('facility_manager', 'platform_admin')
  async judge(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const rules: Body = {};
    for (const rule of ELIGIBILITY_RULES) {
      const met = formText(body, `${rule}_met`);
      if (met === 'yes' || met === 'no') rules[rule] = { met: met === 'yes', note: formText(body, `${rule}_note`) };
    }
    try {
      await this.requests.judge(user, id, await validated(ScreeningDto, { rules }));
      redirect(reply, `/assistance/requests/${id}#screening`, { kind: 'success', key: 'assistance:detail.screening_saved' });
    } catch (error) {
      redirect(reply, `/assistance/requests/${id}#screening`, errorFlash(request, error));
    }
  }

  @Post(':id/files')
  @PageAuth(...PARTIES)
  async attach(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    try {
      await this.files.attach(user, id, uploadOf(request.body, undefined));
      redirect(reply, `/assistance/requests/${id}#files`, { kind: 'success', key: 'assistance:detail.uploaded' });
    } catch (error) {
      redirect(reply, `/assistance/requests/${id}#files`, errorFlash(request, error));
    }
  }

  @Get(':id/files/:fileId')
  @PageAuth(...PARTIES)
  async download(
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('fileId', ParseUUIDPipe) fileId: string,
  ): Promise<void> {
    const file = await this.files.read(user, id, fileId);
    await reply
      .header('content-type', file.mediaType)
      .header('content-disposition', attachmentDisposition(file.fileName))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .send(file.content);
  }

  @Post(':id/files/:fileId/delete')
  @PageAuth(...PARTIES)
  async removeFile(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('fileId', ParseUUIDPipe) fileId: string,
  ): Promise<void> {
    try {
      await this.files.remove(user, id, fileId);
      redirect(reply, `/assistance/requests/${id}#files`, { kind: 'success', key: 'assistance:detail.removed' });
    } catch (error) {
      redirect(reply, `/assistance/requests/${id}#files`, errorFlash(request, error));
    }
  }

  @Post(':id/comments')
  @PageAuth(...PARTIES)
  async comment(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    try {
      await this.thread.post(user, id, formText((request.body ?? {}) as Body, 'body'));
      redirect(reply, `/assistance/requests/${id}#thread`, { kind: 'success', key: 'assistance:detail.sent' });
    } catch (error) {
      redirect(reply, `/assistance/requests/${id}#thread`, errorFlash(request, error));
    }
  }

  /** What the form needs besides the values: the lists to choose from, in the page's language. */
  private formModel(request: FastifyRequest, model: Body): Body {
    const locale = ctx(request).probity.locale;
    const form = (model.form ?? {}) as Record<string, string | string[]>;
    const chosen = (form.languages as string[] | undefined) ?? [];
    return {
      ...model,
      topics: TOPICS.map((v) => ({ value: v, label: translate(locale, `assistance:topics.${v}`), selected: v === form.topic })),
      formats: FORMATS.map((v) => ({ value: v, label: translate(locale, `assistance:formats.${v}`), selected: v === form.format })),
      locales: LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], selected: l === form.locale })),
      languageChoices: LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], checked: chosen.includes(l) })),
      textDir: direction(((form.locale as string) || locale) as Locale),
    };
  }
}
