import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssessmentsModule } from '@probity/assessments';
import { AuditModule } from '@probity/audit';
import { CohortsModule } from '@probity/cohorts';
import { CoursesModule } from '@probity/courses';
import { IdentityModule } from '@probity/identity';
import { JobsModule } from '@probity/jobs';
import { BrandingService } from './branding.service';
import { CertificatesService } from './certificates.service';
import { CredentialsService } from './credentials.service';
import { AcademyBranding } from './entities/academy-branding.entity';
import { AcademySigningKey } from './entities/academy-key.entity';
import { CertificateCounter } from './entities/certificate-counter.entity';
import { CertificateCredential } from './entities/certificate-credential.entity';
import { CertificateFile } from './entities/certificate-file.entity';
import { Certificate } from './entities/certificate.entity';
import { StatusList } from './entities/status-list.entity';
import { IssuanceService } from './issuance.service';
import { SigningKeysService } from './keys.service';
import { CertificatePdfService } from './pdf.service';
import { RevocationService } from './revocation.service';
import { VerificationService } from './verification.service';

const SERVICES = [
  CertificatesService,
  IssuanceService,
  VerificationService,
  RevocationService,
  CredentialsService,
  SigningKeysService,
  CertificatePdfService,
  BrandingService,
];

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
    ]),
    AuditModule,
    CohortsModule,
    CoursesModule,
    AssessmentsModule,
    IdentityModule,
    JobsModule,
  ],
  providers: SERVICES,
  exports: SERVICES,
})
export class CertificatesModule {}
