import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CertificatePdfService,
  CertificatesService,
  CredentialsService,
  type IssueResult,
  IssuanceService,
  RevocationService,
  formatCode,
} from '@probity/certificates';
import { CohortsService } from '@probity/cohorts';
import { formatDate, translate } from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth, UsersService } from '@probity/identity';
import { JobsService } from '@probity/jobs';
import { sendPdf } from '../http/presenters';
import { ctx, formError, formText, redirect, render } from './page';

type Body = Record<string, unknown>;
const ADMINS = ['academy_admin', 'platform_admin'] as const;

/** What a finished issuance did, in numbers (a job finished before the counts were recorded: counted from its lists). */
function issuanceCounts(result: IssueResult): NonNullable<IssueResult['counts']> {
  if (result.counts) return result.counts;
  const count = (reason: string): number => result.skipped.filter((s) => s.reason === reason).length;
  return {
    issuedNow: result.issued.length,
    issuedBefore: count('already_certified'),
    notCompleted: count('not_completed'),
    notEnrolled: count('not_enrolled'),
  };
}

/**
 * Certificates in the browser: issuance with a live progress bar and revocation (academy administrators), and the
 * holder's downloads. Public verification is in VerifyPages, the academy's certificate design in CertificateDesignPages.
 */
@ApiExcludeController()
@Controller()
export class CertificatesPages {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly issuance: IssuanceService,
    private readonly jobs: JobsService,
    private readonly revocation: RevocationService,
    private readonly credentials: CredentialsService,
    private readonly pdfs: CertificatePdfService,
    private readonly cohorts: CohortsService,
    private readonly users: UsersService,
  ) {}

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
    // An issuance's result; other jobs on this page (a personal data export) have no counts to show.
    const raw = job.state === 'completed' ? (job.result as Partial<IssueResult> | undefined) : undefined;
    const result = raw && Array.isArray(raw.issued) && Array.isArray(raw.skipped) ? (raw as IssueResult) : undefined;
    const counts = result ? issuanceCounts(result) : undefined;
    const cohortId = await this.issuance.jobCohort(id);
    // Who was skipped, by name (the job's result keeps ids only).
    const names = result ? await this.users.displayNames([...new Set(result.skipped.map((s) => s.userId))]) : new Map<string, string>();
    await render(request, reply, 'certificates/job', 'certificates:job.title', {
      job,
      running: job.state === 'queued' || job.state === 'active',
      percent: job.progress.total ? Math.round((100 * job.progress.done) / job.progress.total) : job.state === 'completed' ? 100 : 0,
      stateText: translate(locale, `certificates:job.${job.state}`, {
        error: job.error === 'interrupted' ? translate(locale, 'certificates:job.interrupted') : (job.error ?? ''),
      }),
      progressText: translate(locale, 'certificates:job.progress', job.progress),
      // When it is done, what happened: issued now, already certified, not eligible (the template leaves out zeros).
      counts,
      resumed: result?.resumed === true,
      skipped: result?.skipped.map((s) => ({
        ...s,
        name: names.get(s.userId),
        reasonText: translate(locale, `certificates:job.reasons.${s.reason}`),
      })),
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
}
