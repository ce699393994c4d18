export * from './demo';
export * from './demo-data';
