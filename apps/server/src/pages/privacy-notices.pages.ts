import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LANGUAGE_NAMES, LOCALES, type Locale, NotFound, ProbityError, direction, formatDate, pick, translate } from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth, hasRole } from '@probity/identity';
import {
  CONSENT_PURPOSES,
  type NoticeView,
  PrivacyConsentsService,
  PrivacyExportsService,
  PrivacyNoticesService,
  PublishNoticeDto,
  noticeBlocks,
} from '@probity/privacy';
import { ctx, errorFlash, formError, formText, redirect, render, safeNext, validateForm } from './page';

type Body = Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A notice as a page shows it: in the reader's language where it is written in it, else the academy's, else any. */
function shown(notice: NoticeView, locale: Locale, fallback?: string): Record<string, unknown> {
  const text = pick(
    notice.bodies,
    locale,
    LOCALES.find((l) => l === fallback),
  );
  const lang = text.locale ?? locale;
  return {
    blocks: noticeBlocks(text.text),
    lang,
    dir: direction(lang),
    fellBack: text.fellBack,
    languageName: LANGUAGE_NAMES[lang],
    version: notice.version,
    publishedAt: notice.publishedAt,
    isDefault: notice.source === 'default',
  };
}

type ExportStatus = Awaited<ReturnType<PrivacyExportsService['status']>>;

/**
 * The person's exports as the data section of `/me/privacy` lists them, and as its JSON form answers the script that
 * moves the bars (`export.js`): the unfinished (a bar with the progress per table, or the failure) and the ready
 * (the download link), every text in the reader's language.
 */
function exportItems(locale: Locale, timeZone: string | undefined, status: ExportStatus): Record<string, unknown>[] {
  const when = (d: Date): string => formatDate(locale, d, 'datetime', timeZone);
  const t = (key: string, options: Record<string, unknown> = {}): string => translate(locale, `export:page.${key}`, options);
  return [
    ...status.unfinished.map((u) => ({
      jobId: u.jobId,
      state: u.state,
      failed: u.state === 'failed',
      asked: t('asked', { created: when(u.createdAt) }),
      stateText: t(u.state === 'failed' ? 'failed' : u.state === 'active' ? 'active' : 'queued'),
      progressText: u.state !== 'failed' && u.progress.total > 0 ? t('progress', { done: u.progress.done, count: u.progress.total }) : '',
      done: u.progress.done,
      max: Math.max(1, u.progress.total),
      percent: u.progress.total ? Math.round((100 * u.progress.done) / u.progress.total) : 0,
    })),
    ...status.ready.map((e) => ({
      jobId: e.jobId,
      state: 'completed',
      ready: true,
      stateText: t('done'),
      itemText: t('item', { created: when(e.createdAt), expires: when(e.expiresAt) }),
      href: `/me/privacy/export/${e.id}`,
      downloadText: t('download'),
    })),
  ];
}

/**
 * Privacy notices on pages (issue 16 point 5): the public notice of the platform (`/privacy`) and of each academy
 * (`/privacy/:code`), without signing in and in the visitor's language; the notice a signed-in person is asked to
 * acknowledge before anything else (`/privacy/acknowledge`, where `privacy-gate.ts` sends them); their privacy page
 * (`/me/privacy`: acknowledgements, consents and their withdrawal); and the administrators' form (`/admin/privacy-notice`).
 */
@ApiExcludeController()
@Controller()
export class PrivacyNoticesPages {
  constructor(
    private readonly notices: PrivacyNoticesService,
    private readonly consents: PrivacyConsentsService,
    private readonly exports: PrivacyExportsService,
  ) {}

  @Get('privacy')
  async platform(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const locale = ctx(request).probity.locale;
    const notice = await this.notices.platform();
    await render(request, reply, 'privacy/notice', 'privacy:notice.title', { notice: shown(notice, locale), academy: null });
  }

  /** Where the privacy gate sends a signed-in person whose notice asks for their acknowledgement. */
  @Get('privacy/acknowledge')
  @PageAuth()
  async acknowledgeForm(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Query('next') next?: string,
  ): Promise<void> {
    const target = safeNext(next);
    const pending = await this.notices.pending(user);
    if (!pending) return redirect(reply, target);
    const notice = await this.notices.applying(user.academyId);
    await render(request, reply, 'privacy/notice-acknowledge', 'privacy:acknowledge.title', {
      notice: shown(notice, ctx(request).probity.locale, user.academyLocale),
      next: target,
    });
  }

  @Post('privacy/acknowledge')
  @PageAuth()
  async acknowledge(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const next = safeNext(body.next);
    try {
      await this.notices.acknowledge(user, Number(formText(body, 'version')));
      redirect(reply, next, { kind: 'success', key: 'privacy:acknowledge.done' });
    } catch (error) {
      redirect(reply, `/privacy/acknowledge?next=${encodeURIComponent(next)}`, errorFlash(request, error));
    }
  }

  @Get('privacy/:academyCode')
  async academy(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('academyCode') code: string): Promise<void> {
    const locale = ctx(request).probity.locale;
    const { academy, notice } = await this.notices.byAcademyCode(code);
    await render(
      request,
      reply,
      'privacy/notice',
      'privacy:notice.academy_title',
      { notice: shown(notice, locale, academy.defaultLocale), academy: { code: academy.code, name: pick(academy.name, locale).text } },
      200,
      { titleParams: { academy: pick(academy.name, locale).text } },
    );
  }

  @Get('me/privacy')
  @PageAuth()
  async mine(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const locale = ctx(request).probity.locale;
    // The page's JSON form: the state of the person's exports, which `export.js` asks for while one is being made.
    if (request.headers.accept?.includes('application/json')) {
      const items = exportItems(locale, user.timeZone, await this.exports.status(user));
      return void (await reply.header('cache-control', 'no-store').send({ items }));
    }
    const [{ academy, notice }, pending, acknowledgements, consents] = await Promise.all([
      user.academyId ? this.notices.ofAcademy(user, user.academyId) : this.notices.platform().then((n) => ({ academy: null, notice: n })),
      this.notices.pending(user),
      this.notices.acknowledgements(user),
      this.consents.overview(user),
    ]);
    const exports = exportItems(locale, user.timeZone, await this.exports.status(user));
    const purpose = (p: string): string => translate(locale, `privacy:consents.purposes.${p}`);
    await render(request, reply, 'privacy/me-privacy', 'privacy:me.title', {
      notice: shown(notice, locale, user.academyLocale),
      pending: pending?.version ?? null,
      acknowledgements: acknowledgements.map((a) => ({
        version: a.version,
        at: a.acknowledgedAt,
        whose: a.academyId ? translate(locale, 'privacy:me.academy_notice') : translate(locale, 'privacy:me.platform_notice'),
      })),
      consents: [
        {
          purpose: 'cooperation_directory',
          label: purpose('cooperation_directory'),
          explanation: translate(locale, 'privacy:consents.explain.cooperation_directory'),
          active: consents.directory.active,
          detail: consents.directory.active ? translate(locale, 'privacy:consents.directory_listed') : '',
          manage: '/directory',
        },
        {
          purpose: 'supervisor_follow_up',
          label: purpose('supervisor_follow_up'),
          explanation: translate(locale, 'privacy:consents.explain.supervisor_follow_up'),
          active: consents.supervisors.active,
          detail: consents.supervisors.active
            ? translate(locale, 'privacy:consents.supervisors_named', { count: consents.supervisors.contacts.length })
            : '',
          manage: '/follow-ups',
        },
      ],
      history: consents.history.map((c) => ({ purpose: purpose(c.purpose), grantedAt: c.grantedAt, withdrawnAt: c.withdrawnAt })),
      publicLink: academy ? `/privacy/${encodeURIComponent(academy.code)}` : '/privacy',
      exports,
      exportsRunning: exports.some((e) => e.state === 'queued' || e.state === 'active'),
    });
  }

  /** "Download my data": starts the export (the worker builds it; the page shows its progress, then the link). */
  @Post('me/privacy/export')
  @PageAuth()
  async export(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    try {
      await this.exports.start(user);
      redirect(reply, '/me/privacy#my-data', { kind: 'success', key: 'export:page.started' });
    } catch (error) {
      if (!(error instanceof ProbityError)) throw error;
      redirect(reply, '/me/privacy#my-data', errorFlash(request, error));
    }
  }

  /** A ready export's ZIP, for the signed-in browser (the API's download takes a bearer token); 404 unless it is theirs. */
  @Get('me/privacy/export/:id')
  @PageAuth()
  async download(@Res() reply: FastifyReply, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    const file = await this.exports.download(user, id);
    await reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(file.content);
  }

  @Post('me/privacy/consents/:purpose/withdraw')
  @PageAuth()
  async withdraw(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('purpose') purpose: string,
  ): Promise<void> {
    try {
      const known = CONSENT_PURPOSES.find((p) => p === purpose);
      if (!known) throw new NotFound('consent');
      await this.consents.withdraw(user, known);
      redirect(reply, '/me/privacy', { kind: 'success', key: `privacy:consents.withdrawn.${known}` });
    } catch (error) {
      if (!(error instanceof ProbityError)) throw error;
      redirect(reply, '/me/privacy', errorFlash(request, error));
    }
  }

  /** The notice's form: academy administrators write their academy's; platform administrators the platform's (or `?academy=`'s). */
  @Get('admin/privacy-notice')
  @PageAuth('academy_admin', 'platform_admin')
  async editForm(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Query('academy') academyParam?: string,
    model: { bodies?: Record<string, string>; errors?: Record<string, string>; message?: string } = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const academyId = this.target(user, academyParam);
    const current = academyId ? (await this.notices.ofAcademy(user, academyId)).notice : await this.notices.platform();
    const own = academyId ? current.source === 'academy' : current.source === 'platform';
    const bodies = model.bodies ?? current.bodies;
    await render(
      request,
      reply,
      'privacy/notice-edit',
      'privacy:edit.title',
      {
        academyId,
        platform: academyId === null,
        own,
        version: own ? current.version : null,
        publishedAt: own ? current.publishedAt : null,
        startsFrom: own ? null : translate(locale, `privacy:edit.starts_from.${current.source}`),
        languages: LOCALES.map((l) => ({
          code: l,
          name: LANGUAGE_NAMES[l],
          dir: direction(l),
          body: bodies[l] ?? '',
          error: model.errors?.[`bodies.${l}`],
        })),
        action: academyId && hasRole(user, 'platform_admin') ? `/admin/privacy-notice?academy=${academyId}` : '/admin/privacy-notice',
        message: model.message,
      },
      status,
    );
  }

  @Post('admin/privacy-notice')
  @PageAuth('academy_admin', 'platform_admin')
  async publish(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Query('academy') academyParam?: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const bodies = Object.fromEntries(LOCALES.map((l) => [l, formText(body, `body_${l}`)]));
    const academyId = this.target(user, academyParam);
    const form = await validateForm(request, PublishNoticeDto, { bodies });
    if (form.errors) return this.editForm(request, reply, user, academyParam, { bodies, errors: form.errors }, 400);
    try {
      await this.notices.publish(user, academyId, form.dto);
      redirect(reply, academyParam ? `/admin/privacy-notice?academy=${academyId}` : '/admin/privacy-notice', {
        kind: 'success',
        key: 'privacy:edit.published',
      });
    } catch (error) {
      const { message, errors } = formError(request, error);
      return this.editForm(
        request,
        reply,
        user,
        academyParam,
        { bodies, errors, message },
        error instanceof ProbityError ? error.status : 400,
      );
    }
  }

  /** Whose notice the form edits: the academy administrator's academy; for platform administrators the platform's, or `?academy=`. */
  private target(user: AuthUser, academyParam: string | undefined): string | null {
    if (hasRole(user, 'platform_admin')) {
      if (academyParam === undefined || academyParam === '') return null;
      if (!UUID.test(academyParam)) throw new NotFound('academy');
      return academyParam;
    }
    return user.academyId;
  }
}
