export * from './certificates.module';
export * from './certificates.service';
export * from './branding.service';
export * from './keys.service';
export * from './pdf.service';
export * from './entities/certificate.entity';
export * from './signing';
export { benchPdf } from './pdf/bench';
