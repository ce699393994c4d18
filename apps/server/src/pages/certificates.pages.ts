import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { assetsDir } from '@probity/web';
import {
  BrandingService,
  CertificatePdfService,
  CertificatesService,
  CredentialsService,
  IssuanceService,
  RevocationService,
  SigningKeysService,
  type Verification,
  VerificationService,
  formatCode,
} from '@probity/certificates';
import { CohortsService } from '@probity/cohorts';
import { LANGUAGE_NAMES, LOCALES, type LocaleMap, ProbityError, TIME_ZONES, formatDate, isLocale, translate } from '@probity/i18n';
import { AcademiesService, AcademySettingsDto, type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { JobsService } from '@probity/jobs';
import { sendPdf } from '../http/presenters';
import { ctx, formError, formText, redirect, render, validateForm } from './page';

type Body = Record<string, unknown>;
const ADMINS = ['academy_admin', 'platform_admin'] as const;

/** The service worker that keeps the verify page, its script and the academies' keys for use without a connection. */
const offlineWorker = ((): (() => string) => {
  let script: string | undefined;
  return () => (script ??= readFileSync(join(assetsDir(), 'verify-sw.js'), 'utf8'));
})();

/**
 * Certificates in the browser: public verification (with an in-browser check of the QR code's
 * signature that also works offline), issuance with a live progress bar, revocation, the
 * learner's downloads and the academy's certificate design.
 */
@ApiExcludeController()
@Controller()
export class CertificatesPages {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly issuance: IssuanceService,
    private readonly jobs: JobsService,
    private readonly verification: VerificationService,
    private readonly revocation: RevocationService,
    private readonly credentials: CredentialsService,
    private readonly keys: SigningKeysService,
    private readonly pdfs: CertificatePdfService,
    private readonly branding: BrandingService,
    private readonly cohorts: CohortsService,
    private readonly academies: AcademiesService,
  ) {}

  // ---- public verification ---------------------------------------------------------------------

  @Get('verify')
  async verifyForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('code') code?: string): Promise<void> {
    if (typeof code === 'string' && code.trim()) return redirect(reply, `/verify/${encodeURIComponent(code.trim().slice(0, 40))}`);
    await render(request, reply, 'certificates/verify', 'certificates:verify.title', { form: true });
  }

  /** What the service worker shows when the server cannot be reached: the in-browser check alone. */
  @Get('verify/offline')
  async offline(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await render(request, reply, 'certificates/verify', 'certificates:verify.title', {
      form: true,
      offline: true,
      ...this.scriptTexts(request),
    });
  }

  @Get('verify/sw.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-cache')
  worker(): string {
    return offlineWorker();
  }

  @Get('verify/:code')
  async verify(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('code') code: string): Promise<void> {
    const locale = ctx(request).probity.locale;
    const texts = this.scriptTexts(request);
    if (!(await this.verification.allowVerification(request.ip)))
      return render(
        request,
        reply,
        'certificates/verify',
        'certificates:verify.title',
        { form: true, error: translate(locale, 'errors:too_many_verifications'), ...texts },
        429,
      );
    let found: Verification;
    try {
      found = await this.verification.verify(code.slice(0, 40), locale);
    } catch (error) {
      if (!(error instanceof ProbityError) || error.status !== 404) throw error;
      return render(
        request,
        reply,
        'certificates/verify',
        'certificates:verify.title',
        { form: true, unknown: true, typed: code.slice(0, 40), ...texts },
        404,
      );
    }
    await render(request, reply, 'certificates/verify', 'certificates:verify.title', {
      certificate: {
        ...found,
        code: formatCode(found.code),
        rawCode: found.code,
        revoked: found.status === 'revoked',
        revokedOnText: found.revokedOn ? formatDate(locale, found.revokedOn) : undefined,
        dates: `${formatDate(locale, found.cohort.startsOn)} – ${formatDate(locale, found.cohort.endsOn)}`,
        completedOnText: formatDate(locale, found.completedOn),
        issuedOnText: formatDate(locale, found.issuedOn),
        titles: Object.entries(found.course.titles)
          .filter(([lng, text]) => isLocale(lng) && text !== found.course.title)
          .map(([lng, text]) => ({ lng, text, dir: lng === 'ur' ? 'rtl' : 'ltr' })),
      },
      ...texts,
    });
  }

  /** The labels verify.js needs, in the page's language (it runs without the server too). */
  private scriptTexts(request: FastifyRequest): { scriptTexts: string } {
    const locale = ctx(request).probity.locale;
    const keys = [
      'paper_heading',
      'paper_checking',
      'paper_ok',
      'paper_mismatch',
      'paper_bad',
      'paper_offline',
      'paper_no_keys',
      'paper_unsupported',
      'paper_revoked',
      'paper_list_saved',
      'paper_revocations_unknown',
      'paper_unknown_key',
    ];
    return {
      // Placeholders stay as {name} for the script to fill in.
      scriptTexts: JSON.stringify(
        Object.fromEntries(
          keys.map((k) => [
            k,
            translate(locale, `certificates:verify.${k}`, {
              kid: '{kid}',
              serial: '{serial}',
              name: '{name}',
              course: '{course}',
              date: '{date}',
            }),
          ]),
        ),
      ),
    };
  }

  // ---- issuance and revocation (academy admins) ------------------------------------------------

  @Get('cohorts/:id/certificates')
  @PageAuth(...ADMINS)
  async cohortCertificates(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    model: Body = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const { access } = await this.cohorts.details(user, id);
    const items = await this.certificates.list(user, { cohortId: id });
    await render(
      request,
      reply,
      'certificates/cohort',
      'certificates:admin.title',
      {
        cohort: access.cohort,
        items: items.map((c) => ({
          id: c.id,
          serial: c.serial,
          code: formatCode(c.code),
          holder: c.record.holder.name,
          issued: formatDate(locale, c.issuedAt),
          revoked: Boolean(c.revokedAt),
          reason: c.revocationReason,
          revokedOn: c.revokedAt ? formatDate(locale, c.revokedAt) : undefined,
        })),
        ...model,
      },
      status,
      { titleParams: { cohort: access.cohort.name } },
    );
  }

  @Post('cohorts/:id/certificates')
  @PageAuth(...ADMINS)
  async issue(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    try {
      const { jobId } = await this.issuance.startIssuance(user, id);
      redirect(reply, `/jobs/${jobId}`);
    } catch (error) {
      const { message } = formError(request, error);
      return this.cohortCertificates(request, reply, user, id, { pageError: message }, 400);
    }
  }

  /** A job's progress: a bar that a small script keeps current (the page also refreshes itself without JavaScript). */
  @Get('jobs/:id')
  @PageAuth(...ADMINS)
  async job(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const job = await this.jobs.get(user, id);
    if (request.headers.accept?.includes('application/json')) return void (await reply.header('cache-control', 'no-store').send(job));
    const result = job.result as { issued: { userId: string }[]; skipped: { userId: string; reason: string }[] } | undefined;
    const cohortId = await this.issuance.jobCohort(id);
    await render(request, reply, 'certificates/job', 'certificates:job.title', {
      job,
      running: job.state === 'queued' || job.state === 'active',
      percent: job.progress.total ? Math.round((100 * job.progress.done) / job.progress.total) : job.state === 'completed' ? 100 : 0,
      stateText: translate(locale, `certificates:job.${job.state}`, {
        error: job.error === 'interrupted' ? translate(locale, 'certificates:job.interrupted') : (job.error ?? ''),
      }),
      progressText: translate(locale, 'certificates:job.progress', job.progress),
      issued: result?.issued.length,
      skipped: result?.skipped.map((s) => ({ ...s, reasonText: translate(locale, `certificates:job.reasons.${s.reason}`) })),
      cohortId,
      texts: JSON.stringify({
        queued: translate(locale, 'certificates:job.queued'),
        active: translate(locale, 'certificates:job.active'),
        completed: translate(locale, 'certificates:job.completed'),
        progress: translate(locale, 'certificates:job.progress', { done: '{done}', total: '{total}' }),
      }),
    });
  }

  @Post('certificates/:id/revoke')
  @PageAuth(...ADMINS)
  async revoke(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const reason = formText((request.body ?? {}) as Body, 'reason');
    const certificate = await this.certificates.get(user, id);
    if (reason.length < 3) {
      const message = translate(ctx(request).probity.locale, 'validation:minLength', {
        field: translate(ctx(request).probity.locale, 'certificates:admin.reason'),
        count: 3,
      });
      return this.cohortCertificates(request, reply, user, certificate.cohortId, { pageError: message }, 400);
    }
    try {
      await this.revocation.revoke(user, id, reason);
      redirect(reply, `/cohorts/${certificate.cohortId}/certificates`, {
        kind: 'success',
        key: 'certificates:admin.revoked_done',
        params: { serial: certificate.serial },
      });
    } catch (error) {
      const { message } = formError(request, error);
      return this.cohortCertificates(request, reply, user, certificate.cohortId, { pageError: message }, 400);
    }
  }

  // ---- the holder's downloads -------------------------------------------------------------------

  @Get('my/certificates/:id/pdf')
  @PageAuth()
  async pdf(
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('lang') lang?: string,
  ): Promise<void> {
    await sendPdf(reply, this.pdfs, await this.certificates.get(user, id), lang, 'attachment');
  }

  @Get('my/certificates/:id/credential')
  @PageAuth()
  async credential(@Res() reply: FastifyReply, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    const certificate = await this.certificates.get(user, id);
    const { credential } = await this.credentials.credential(user, id);
    await reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${certificate.serial}-open-badge.json"`)
      .send(JSON.stringify(credential, null, 2));
  }

  // ---- the academy's certificate design --------------------------------------------------------

  @Get('admin/certificates/design')
  @PageAuth('academy_admin')
  async design(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    model: Body = {},
    status = 200,
  ): Promise<void> {
    const branding = await this.branding.get(user.academyId ?? '');
    const signatories = [0, 1, 2].map((i) => {
      const s = branding.signatories[i] as { name: LocaleMap; title: LocaleMap } | undefined;
      return {
        index: i,
        number: i + 1,
        fields: LOCALES.map((lng) => ({ lng, language: LANGUAGE_NAMES[lng], name: s?.name[lng] ?? '', title: s?.title[lng] ?? '' })),
      };
    });
    const keys = (await this.keys.academyKeys(user.academyId ?? '')).map((k) => ({
      kid: k.kid,
      created: formatDate(ctx(request).probity.locale, k.createdAt),
      retired: k.retiredAt ? formatDate(ctx(request).probity.locale, k.retiredAt) : undefined,
    }));
    const academy = await this.academies.get(user.academyId ?? '');
    await render(
      request,
      reply,
      'certificates/design',
      'certificates:branding.title',
      {
        keys,
        zones: TIME_ZONES.map((zone) => ({ zone, selected: zone === academy.timeZone })),
        emblem: branding.emblem ? `data:${branding.emblemType};base64,${branding.emblem.toString('base64')}` : undefined,
        bilingual: branding.bilingual,
        printResult: branding.printResult,
        signatories,
        ...model,
      },
      status,
    );
  }

  @Post('admin/certificates/design')
  @PageAuth('academy_admin')
  async saveDesign(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const text = (key: string): string => formText(body, key);
    const signatories = [0, 1, 2]
      .map((i) => {
        const name: LocaleMap = {};
        const title: LocaleMap = {};
        for (const lng of LOCALES) {
          if (text(`s${i}:name:${lng}`)) name[lng] = text(`s${i}:name:${lng}`).slice(0, 120);
          if (text(`s${i}:title:${lng}`)) title[lng] = text(`s${i}:title:${lng}`).slice(0, 160);
        }
        return { name, title };
      })
      .filter((s) => Object.keys(s.name).length > 0);
    // The emblem arrives as a data: URL from the file picker (a small script reads the file).
    const data = text('emblem');
    const emblem =
      body.removeEmblem === 'on' ? null : data.startsWith('data:') ? Buffer.from(data.slice(data.indexOf(',') + 1), 'base64') : undefined;
    try {
      await this.branding.save(user, user.academyId ?? '', {
        signatories,
        bilingual: body.bilingual === 'on',
        printResult: body.printResult === 'on',
        emblem,
      });
      redirect(reply, '/admin/certificates/design', { kind: 'success', key: 'certificates:branding.saved' });
    } catch (error) {
      const { message } = formError(request, error);
      return this.design(request, reply, user, { pageError: message }, 400);
    }
  }

  /** The academy's time zone: session times are entered and shown in it, certificates dated in it. */
  @Post('admin/academy/time-zone')
  @PageAuth('academy_admin')
  async timeZone(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const timeZone = formText((request.body ?? {}) as Body, 'timeZone');
    const form = await validateForm(request, AcademySettingsDto, { timeZone });
    if (form.errors) return this.design(request, reply, user, { pageError: Object.values(form.errors).join(' ') }, 400);
    await this.academies.updateSettings(user, user.academyId ?? '', form.dto);
    redirect(reply, '/admin/certificates/design#time-zone', {
      kind: 'success',
      key: 'certificates:branding.time_zone_saved',
      params: { zone: timeZone },
    });
  }

  /** A new signing key for the academy; the old one is kept, so everything it signed still verifies. */
  @Post('admin/certificates/rotate-key')
  @PageAuth('academy_admin')
  async rotateKey(@Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const { kid } = await this.revocation.rotateKey(user, user.academyId ?? '');
    redirect(reply, '/admin/certificates/design', { kind: 'success', key: 'certificates:branding.rotated', params: { kid } });
  }

  /** A sample certificate with the current design, in the page's language. */
  @Get('admin/certificates/design/preview')
  @PageAuth('academy_admin')
  async preview(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const locale = ctx(request).probity.locale;
    const pdf = await this.pdfs.preview(user, locale);
    await reply.header('content-type', 'application/pdf').header('content-disposition', 'inline; filename="preview.pdf"').send(pdf);
  }
}
