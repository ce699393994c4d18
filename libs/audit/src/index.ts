export * from './audit.module';
export * from './audit.service';
export * from './canonical-json';
export * from './entities/audit-entry.entity';
