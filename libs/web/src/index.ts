export * from './helpers';
export * from './view-model';
export * from './paths';
export * from './assets';
