import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssessmentsModule } from '@probity/assessments';
import { AuditModule } from '@probity/audit';
import { CohortsModule } from '@probity/cohorts';
import { IdentityModule } from '@probity/identity';
import { BrandingService } from './branding.service';
import { CertificatesService } from './certificates.service';
import {
  AcademyBranding,
  AcademySigningKey,
  Certificate,
  CertificateCounter,
  CertificateCredential,
  CertificateFile,
  Job,
  StatusList,
} from './entities/certificate.entity';
import { SigningKeysService } from './keys.service';
import { CertificatePdfService } from './pdf.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      AcademySigningKey,
      CertificateCounter,
      Certificate,
      CertificateFile,
      CertificateCredential,
      StatusList,
      AcademyBranding,
      Job,
    ]),
    AuditModule,
    CohortsModule,
    AssessmentsModule,
    IdentityModule,
  ],
  providers: [CertificatesService, SigningKeysService, CertificatePdfService, BrandingService],
  exports: [CertificatesService, SigningKeysService, CertificatePdfService, BrandingService],
})
export class CertificatesModule {}
