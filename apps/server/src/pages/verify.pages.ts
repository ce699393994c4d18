import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { assetsDir } from '@probity/web';
import { type Verification, VerificationService, formatCode } from '@probity/certificates';
import { ProbityError, formatDate, isLocale, translate } from '@probity/i18n';
import { ctx, redirect, render } from './page';

/** The service worker that keeps the verify page, its script and the academies' keys for use without a connection. */
const offlineWorker = ((): (() => string) => {
  let script: string | undefined;
  return () => (script ??= readFileSync(join(assetsDir(), 'verify-sw.js'), 'utf8'));
})();

/**
 * Public verification of a certificate, without an account: by code or QR, with an in-browser check of the QR code's
 * signature that also works offline (a service worker keeps the page, its script and the academies' keys).
 */
@ApiExcludeController()
@Controller()
export class VerifyPages {
  constructor(private readonly verification: VerificationService) {}

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
}
