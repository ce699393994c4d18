import type { FastifyReply } from 'fastify';
import type { Certificate, CertificatePdfService } from '@probity/certificates';
import type { RosterEntry, SkippedEnrolment } from '@probity/cohorts';
import { type Locale, translate } from '@probity/i18n';
import { type AuthUser, type UsersService, hasRole } from '@probity/identity';
import { toCsv } from './csv';
import { violationMessage } from './errors';

/**
 * What API controllers and pages both show the same way: answers built from a service's result for the caller.
 * Pages import these from here, never from an API controller.
 */

/** Whose entries an administrator verifies: the whole chain for platform administrators, else their academy's. */
export function auditScope(user: AuthUser): string | undefined {
  return hasRole(user, 'platform_admin') ? undefined : (user.academyId ?? '00000000-0000-4000-8000-000000000000');
}

/** Import errors with their messages in the caller's language. */
export function importAnswer(
  result: Awaited<ReturnType<UsersService['importCsv']>>,
  locale: Locale,
): { created: number; errors: { line: number; message: string }[] } {
  return {
    created: result.created,
    errors: result.errors.map((error) => ({
      line: error.line,
      message: error.violations?.length
        ? error.violations.map((v) => violationMessage(locale, v)).join(' ')
        : translate(locale, `errors:${error.code}`, error.params),
    })),
  };
}

/** A certificate's PDF in the variant asked for, named after its serial and language. */
export async function sendPdf(
  reply: FastifyReply,
  pdfs: CertificatePdfService,
  certificate: Certificate,
  lang: string | undefined,
  disposition: 'inline' | 'attachment',
): Promise<void> {
  const { pdf, variant } = await pdfs.pdf(certificate, lang);
  await reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `${disposition}; filename="${certificate.serial}-${variant.replace('+', '-')}.pdf"`)
    .header('cache-control', 'private, max-age=300')
    .send(pdf);
}

/** Skipped enrolments with a reason code and its message in the caller's language. */
export function explainSkipped(skipped: SkippedEnrolment[], lang: Locale): (SkippedEnrolment & { message: string })[] {
  return skipped.map((s) => ({ ...s, message: translate(lang, `cohorts:skipped.${s.reason}`) }));
}

/** The roster as CSV, one row per enrolment period, for a spreadsheet. */
export function rosterCsv(items: RosterEntry[]): string {
  const header = [
    'fullName',
    'email',
    'agency',
    'status',
    'lessonsDone',
    'lessonsTotal',
    'attendancePercent',
    'assessmentsPassed',
    'assessmentsRequired',
    'atRisk',
    'unmetRules',
    'enrolledAt',
    'completedAt',
  ];
  const rows = items.map((i) => [
    i.fullName,
    i.email,
    i.agency,
    i.status,
    i.progress.lessonsDone,
    i.progress.lessonsTotal,
    i.progress.attendancePercent,
    i.progress.assessmentsPassed,
    i.progress.assessmentsRequired,
    i.atRisk,
    i.unmet.join(' '),
    i.enrolledAt instanceof Date ? i.enrolledAt.toISOString() : i.enrolledAt,
    i.completedAt instanceof Date ? i.completedAt.toISOString() : (i.completedAt ?? ''),
  ]);
  return toCsv(header, rows);
}
