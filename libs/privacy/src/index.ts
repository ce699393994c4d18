export * from './privacy.module';
export * from './register.public';
export * from './notices.public';
export * from './export.public';
export * from './erasure.public';
export * from './retention.public';
