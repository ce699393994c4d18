import { Injectable } from '@nestjs/common';
import {
  Forbidden,
  LOCALES,
  ProbityError,
  type Locale,
  direction,
  formatDate,
  formatNumber,
  isLocale,
  pick,
  translate,
} from '@probity/i18n';
import { AcademiesService, type AuthUser, hasRole } from '@probity/identity';
import { BrandingService } from './branding.service';
import { CertificatesService } from './certificates.service';
import { type AcademyBranding } from './entities/academy-branding.entity';
import { type Certificate } from './entities/certificate.entity';
import { type CertificateText, type CertificateView, renderCertificate } from './pdf/render';
import { CertificateFileRepository } from './repositories/certificate-file.repository';
import { formatCode } from './signing';

/** `ka`, `en`..., or `ka+en` for the bilingual variant. */
export type PdfVariant = string;

/**
 * Certificates as PDF: texts from i18n, branding from the academy, the frozen record's facts.
 * The default variant is rendered once (by the worker at issue) and kept; others on request.
 */
@Injectable()
export class CertificatePdfService {
  constructor(
    private readonly files: CertificateFileRepository,
    private readonly certificates: CertificatesService,
    private readonly branding: BrandingService,
    private readonly academies: AcademiesService,
  ) {}

  /** The variant shown without `?lang=`: bilingual when the academy chose it, else the learner's language. */
  async defaultVariant(certificate: Certificate, branding?: AcademyBranding): Promise<PdfVariant> {
    const brand = branding ?? (await this.branding.get(certificate.academyId));
    // A certificate's academy always exists (foreign key), so `get` does not throw here.
    const academy = await this.academies.get(certificate.academyId);
    const national = isLocale(academy.defaultLocale) ? academy.defaultLocale : 'en';
    if (brand.bilingual && national !== 'en') return `${national}+en`;
    return isLocale(certificate.locale) ? certificate.locale : national;
  }

  /** The PDF of a variant: the kept file when there is one, else rendered (and kept when it is the default). */
  async pdf(certificate: Certificate, lang?: string): Promise<{ pdf: Buffer; variant: PdfVariant }> {
    // An erased holder's name is gone: a new paper would carry a pseudonym under a fresh signature (ADR 0014).
    if (certificate.holderErasedAt) throw new ProbityError(410, 'holder_erased');
    const branding = await this.branding.get(certificate.academyId);
    const fallback = await this.defaultVariant(certificate, branding);
    const variant = lang && isLocale(lang) ? lang : lang === 'bilingual' ? bilingualOf(fallback, certificate) : fallback;
    const kept = await this.files.find(certificate.id, variant);
    if (kept) return { pdf: kept.pdf, variant };
    const pdf = await this.render(certificate, variant, branding);
    if (variant === fallback) await this.files.keep(certificate.id, variant, pdf);
    return { pdf, variant };
  }

  /** The worker's step after issuing: the default PDF, kept in the database. */
  async renderDefault(certificate: Certificate): Promise<void> {
    const branding = await this.branding.get(certificate.academyId);
    const variant = await this.defaultVariant(certificate, branding);
    await this.files.keep(certificate.id, variant, await this.render(certificate, variant, branding));
  }

  async render(certificate: Certificate, variant: PdfVariant, branding?: AcademyBranding, qr?: string): Promise<Buffer> {
    const brand = branding ?? (await this.branding.get(certificate.academyId));
    const [first, second] = variant.split('+').filter(isLocale);
    const locale = first ?? 'en';
    const r = certificate.record;
    const qrPayload = qr ?? this.certificates.verifyUrl(certificate.code, await this.certificates.qrToken(certificate));
    const view: CertificateView = {
      ...texts(certificate, locale, brand),
      emblem: brand.emblem ?? undefined,
      verifyUrl: this.certificates.verifyUrl(certificate.code),
      qrPayload,
      serial: r.serial,
      code: formatCode(r.code),
      ...(second && second !== locale ? { second: texts(certificate, second, brand) } : {}),
      metadata: {
        title: translate(locale, 'certificates:pdf.meta_title', { serial: r.serial }),
        author: pick(r.academy.name, locale, 'en').text,
        subject: translate(locale, 'certificates:pdf.meta_subject', {
          name: r.holder.name,
          course: pick(r.course.title, locale, 'en').text,
        }),
        keywords: [r.serial, formatCode(r.code), r.course.code].join(', '),
      },
    };
    return renderCertificate(view);
  }

  /** The academy's current design on a sample certificate (not signed, not stored), for its admins. */
  async preview(actor: AuthUser, locale: Locale): Promise<Buffer> {
    if (!actor.academyId || !hasRole(actor, 'academy_admin')) throw new Forbidden();
    const academy = await this.academies.get(actor.academyId);
    const branding = await this.branding.get(academy.id);
    const today = new Date().toISOString().slice(0, 10);
    const sample = {
      id: '00000000-0000-4000-8000-000000000000',
      academyId: academy.id,
      code: 'SAMPLE00000',
      locale,
      record: {
        type: 'ProbityCertificate',
        version: 1,
        certificateId: '00000000-0000-4000-8000-000000000000',
        serial: `${academy.code}-${today.slice(0, 4)}-000000`,
        code: 'SAMPLE00000',
        holder: { id: actor.id, name: actor.fullName },
        academy: { code: academy.code, name: academy.name, country: academy.country },
        course: {
          title: { [locale]: translate(locale, 'certificates:branding.preview') },
          code: 'SAMPLE',
          versionNumber: 1,
          versionId: '',
          hours: 40,
        },
        cohort: { id: '', name: translate(locale, 'certificates:branding.preview'), startsOn: today, endsOn: today, locale },
        completedOn: today,
        issuedOn: today,
        result: { percent: 90, attendancePercent: 100 },
        issuer: { id: actor.id, name: actor.fullName },
        statusIndex: 0,
        kid: '',
      },
    } as unknown as Certificate;
    const national = isLocale(academy.defaultLocale) ? academy.defaultLocale : 'en';
    const variant = branding.bilingual && national !== 'en' && locale === national ? `${national}+en` : locale;
    return this.render(sample, variant, branding, this.certificates.verifyUrl('SAMPLE00000'));
  }
}

function bilingualOf(fallback: string, certificate: Certificate): string {
  const national = fallback.split('+')[0];
  return national === 'en' ? (isLocale(certificate.locale) ? certificate.locale : 'en') : `${national}+en`;
}

/** The certificate's texts in one language: labels from i18n, facts from the frozen record. */
function texts(certificate: Certificate, locale: Locale, brand: AcademyBranding): CertificateText {
  const r = certificate.record;
  const t = (key: string, options: Record<string, unknown> = {}): string => translate(locale, `certificates:pdf.${key}`, options);
  const details = [
    { label: t('cohort'), value: r.cohort.name },
    { label: t('dates'), value: `${formatDate(locale, r.cohort.startsOn)} – ${formatDate(locale, r.cohort.endsOn)}` },
    { label: t('hours'), value: t('hours_value', { count: r.course.hours, hours: formatNumber(locale, r.course.hours) }) },
    // The result is printed only where the academy chose to print it; attendance and hours always are.
    ...(brand.printResult && r.result.percent !== null
      ? [{ label: t('result'), value: `${formatNumber(locale, r.result.percent)}%` }]
      : []),
    { label: t('attendance'), value: `${formatNumber(locale, r.result.attendancePercent)}%` },
    { label: t('version'), value: `${r.course.code} · v${r.course.versionNumber}` },
    { label: t('serial'), value: r.serial },
    { label: t('issued'), value: formatDate(locale, r.issuedOn) },
  ];
  return {
    locale,
    direction: direction(locale),
    heading: t('heading'),
    holderName: r.holder.name,
    statement: t('statement'),
    courseTitle: pick(r.course.title, locale, r.cohort.locale as Locale, 'en').text,
    details,
    academyName: pick(r.academy.name, locale, 'en').text,
    signatories: brand.signatories.map((s) => ({ name: pick(s.name, locale, 'en').text, title: pick(s.title, locale, 'en').text })),
    verifyLabel: t('verify'),
  };
}

export const PDF_LOCALES = LOCALES;
