export * from './canonical';
export * from './codes';
export * from './credential';
export * from './data-integrity';
export * from './document-loader';
export * from './keys';
export * from './status-list';
export * from './urls';
