export * from './audit.module';
export * from './audit.service';
export * from './canonical-json';
export * from './personal-data';
export * from './personal-values';
