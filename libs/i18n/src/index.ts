export * from './locales';
export * from './i18n';
export * from './errors';
export * from './violations';
export * from './validated';
