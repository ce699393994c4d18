import { type Direction } from './text-layout';

export type CertificateLocale = 'en' | 'ru' | 'ka' | 'uk' | 'ur' | 'sw';

/** Everything already translated by the caller: strings ready to print. */
export interface CertificateView {
  locale: CertificateLocale;
  direction: Direction;
  heading: string;
  holderName: string;
  statement: string;
  courseTitle: string;
  /** Cohort, dates, hours, result, course version, serial. */
  details: { label: string; value: string }[];
  academyName: string;
  signatories: { name: string; title: string }[];
  /** PNG or JPEG uploaded by the academy (check it on upload with assertUsableEmblem). */
  emblem?: Buffer;
  verifyLabel: string;
  /** Shown as text beside the QR code. */
  verifyUrl: string;
  /** What the QR code holds and the verify link opens: `${publicUrl}/verify/${code}#${signature}`. */
  qrPayload: string;
  serial: string;
  code: string;
  /** Bilingual certificate: the same texts in a second language, shown smaller under each part. */
  second?: CertificateText;
  metadata: { title: string; author: string; subject: string; keywords?: string };
}

/** The texts of a certificate in one language (the second language of a bilingual one). */
export type CertificateText = Omit<CertificateView, 'second' | 'emblem' | 'qrPayload' | 'verifyUrl' | 'serial' | 'code' | 'metadata'>;
