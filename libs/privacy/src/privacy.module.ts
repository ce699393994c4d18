import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssistanceModule } from '@probity/assistance';
import { AuditModule } from '@probity/audit';
import { CertificatesModule } from '@probity/certificates';
import { CooperationModule } from '@probity/cooperation';
import { FollowUpsModule } from '@probity/evaluation';
import { IdentityModule } from '@probity/identity';
import { JobsModule } from '@probity/jobs';
import { ERASURE_REPOSITORIES, ERASURE_SERVICES } from './erasure.providers';
import { EXPORT_ENTITIES, EXPORT_REPOSITORIES, EXPORT_SERVICES } from './exports.providers';
import { NOTICE_ENTITIES, NOTICE_REPOSITORIES, NOTICE_SERVICES } from './notices.providers';
import { REGISTER_REPOSITORIES, REGISTER_SERVICES } from './register.providers';
import { RETENTION_ENTITIES, RETENTION_REPOSITORIES, RETENTION_SERVICES } from './retention.providers';

/**
 * Personal data (issue 16, ADR 0014): the register gathered from every context's declarations, privacy notices per
 * academy and their acknowledgement, consents to optional processing. The top floor: it may read every context's
 * declarations and ask every context's services.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([...NOTICE_ENTITIES]),
    AuditModule,
    IdentityModule,
    CooperationModule,
    FollowUpsModule,
    TypeOrmModule.forFeature([...EXPORT_ENTITIES]),
    JobsModule,
    CertificatesModule,
    AssistanceModule,
    TypeOrmModule.forFeature([...RETENTION_ENTITIES]),
  ],
  providers: [
    ...REGISTER_REPOSITORIES,
    ...REGISTER_SERVICES,
    ...NOTICE_REPOSITORIES,
    ...NOTICE_SERVICES,
    ...EXPORT_REPOSITORIES,
    ...EXPORT_SERVICES,
    ...ERASURE_REPOSITORIES,
    ...ERASURE_SERVICES,
    ...RETENTION_REPOSITORIES,
    ...RETENTION_SERVICES,
  ],
  exports: [...REGISTER_SERVICES, ...NOTICE_SERVICES, ...EXPORT_SERVICES, ...ERASURE_SERVICES, ...RETENTION_SERVICES],
})
export class PrivacyModule {}
