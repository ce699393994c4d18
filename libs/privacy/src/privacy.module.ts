import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@probity/audit';
import { CooperationModule } from '@probity/cooperation';
import { FollowUpsModule } from '@probity/evaluation';
import { IdentityModule } from '@probity/identity';
import { JobsModule } from '@probity/jobs';
import { EXPORT_ENTITIES, EXPORT_REPOSITORIES, EXPORT_SERVICES } from './exports.providers';
import { NOTICE_ENTITIES, NOTICE_REPOSITORIES, NOTICE_SERVICES } from './notices.providers';
import { REGISTER_REPOSITORIES, REGISTER_SERVICES } from './register.providers';

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
  ],
  providers: [
    ...REGISTER_REPOSITORIES,
    ...REGISTER_SERVICES,
    ...NOTICE_REPOSITORIES,
    ...NOTICE_SERVICES,
    ...EXPORT_REPOSITORIES,
    ...EXPORT_SERVICES,
  ],
  exports: [...REGISTER_SERVICES, ...NOTICE_SERVICES, ...EXPORT_SERVICES],
})
export class PrivacyModule {}
