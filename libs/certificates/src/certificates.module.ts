import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssessmentsModule } from '@probity/assessments';
import { AuditModule } from '@probity/audit';
import { CohortsModule } from '@probity/cohorts';
import { CoursesModule } from '@probity/courses';
import { IdentityModule } from '@probity/identity';
import { JobsModule } from '@probity/jobs';
import { BrandingService } from './branding.service';
import { CertificateHolderErasure } from './holder-erasure.service';
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
import { BrandingRepository } from './repositories/branding.repository';
import { CertificateFileRepository } from './repositories/certificate-file.repository';
import { CertificateRepository } from './repositories/certificate.repository';
import { CredentialRepository } from './repositories/credential.repository';
import { KeyRepository } from './repositories/key.repository';
import { RateLimitRepository } from './repositories/rate-limit.repository';
import { RevocationService } from './revocation.service';
import { VerificationService } from './verification.service';

/** Repositories stay inside the module: other contexts reach certificates' data only through its services. */
const REPOSITORIES = [
  CertificateRepository,
  CredentialRepository,
  CertificateFileRepository,
  KeyRepository,
  BrandingRepository,
  RateLimitRepository,
];
const SERVICES = [
  CertificatesService,
  IssuanceService,
  VerificationService,
  RevocationService,
  CredentialsService,
  SigningKeysService,
  CertificatePdfService,
  BrandingService,
  CertificateHolderErasure,
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
    // Cohorts, courses, academies and people are read through their owners' services (CohortsService.find,
    // CoursesService.snapshot, AcademiesService.get/byCode, UsersService.localesOf), never from their tables.
    CohortsModule,
    CoursesModule,
    AssessmentsModule,
    IdentityModule,
    JobsModule,
  ],
  providers: [...REPOSITORIES, ...SERVICES],
  exports: SERVICES,
})
export class CertificatesModule {}
