export * from './certificates.module';
export * from './certificates.service';
export * from './issuance.service';
export * from './verification.service';
export * from './revocation.service';
export * from './credentials.service';
export * from './branding.service';
export * from './keys.service';
export * from './pdf.service';
export * from './entities/academy-branding.entity';
export * from './entities/academy-key.entity';
export * from './entities/certificate-counter.entity';
export * from './entities/certificate-credential.entity';
export * from './entities/certificate-file.entity';
export * from './entities/certificate.entity';
export * from './entities/status-list.entity';
export * from './signing';
// The renderer and its view, for the PDF bench and the sample certificates of the tests (test/support).
export { type CertificateLocale, type CertificateText, type CertificateView, renderCertificate } from './pdf';
