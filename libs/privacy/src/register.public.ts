// What the register part of the privacy context exports.
export * from './register';
export * from './register.service';
