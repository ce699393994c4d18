import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditService } from './audit.service';
import { AuditEntry } from './entities/audit-entry.entity';
import { AuditEntryRepository } from './repositories/audit-entry.repository';

@Module({ imports: [TypeOrmModule.forFeature([AuditEntry])], providers: [AuditService, AuditEntryRepository], exports: [AuditService] })
export class AuditModule {}
