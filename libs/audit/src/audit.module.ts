import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditService } from './audit.service';
import { AuditEntry } from './entities/audit-entry.entity';
import { AuditPersonal } from './entities/audit-personal.entity';
import { AuditEntryRepository } from './repositories/audit-entry.repository';
import { AuditPersonalRepository } from './repositories/audit-personal.repository';

@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry, AuditPersonal])],
  providers: [AuditService, AuditEntryRepository, AuditPersonalRepository],
  exports: [AuditService],
})
export class AuditModule {}
