import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BrandingService, CertificatePdfService, RevocationService, SigningKeysService } from '@probity/certificates';
import { LANGUAGE_NAMES, LOCALES, type LocaleMap, TIME_ZONES, formatDate } from '@probity/i18n';
import { AcademiesService, AcademySettingsDto, type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { uploadOf } from '../http/attachment-body';
import { ctx, formError, formText, redirect, render, validateForm } from './page';

type Body = Record<string, unknown>;

/** The academy's certificate design (signatories, emblem, languages), its time zone and its signing keys. */
@ApiExcludeController()
@Controller()
export class CertificateDesignPages {
  constructor(
    private readonly keys: SigningKeysService,
    private readonly revocation: RevocationService,
    private readonly pdfs: CertificatePdfService,
    private readonly branding: BrandingService,
    private readonly academies: AcademiesService,
  ) {}

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
    // The emblem arrives as the file of the multipart form (the page, with or without its script), or as a data: URL
    // in the `emblem` field (forms made by other clients).
    const data = text('emblem');
    const picked = uploadOf(body, undefined).content;
    const emblem =
      body.removeEmblem === 'on'
        ? null
        : data.startsWith('data:')
          ? Buffer.from(data.slice(data.indexOf(',') + 1), 'base64')
          : picked.length
            ? picked
            : undefined;
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
