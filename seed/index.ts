export * from './demo';
export * from './demo-data';
export * from './curriculum';
