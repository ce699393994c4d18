export * from './certificates.module';
export * from './certificates.service';
export * from './issuance.service';
export * from './verification.service';
export * from './revocation.service';
export * from './credentials.service';
export * from './branding.service';
export * from './keys.service';
export * from './pdf.service';
export * from './holder-erasure.service';
// What the certificate services answer: the shape of a certificate row, as a type only.
export type { Certificate } from './entities/certificate.entity';
export * from './signing';
// The renderer and its view, for the PDF bench and the sample certificates of the tests (test/support).
export { type CertificateLocale, type CertificateText, type CertificateView, renderCertificate } from './pdf';
// Typesetting in the six scripts (the fonts, right-to-left lines, wrapping), for other contexts' PDFs (the training report).
export { FONTS, type FontKey } from './pdf/fonts';
export { type Direction, type Scripts, scriptsFor } from './pdf/text-layout';
export { type Align, type Box, type Paragraph, type ParagraphSpec, drawParagraph, paragraph } from './pdf/typeset';
export * from './personal-data';
