export * from './demo';
export * from './demo-data';
export * from './curriculum';
export * from './surveys';
export * from './follow-ups';
export * from './indicators';
export * from './mission-evaluation';
export * from './assistance';
