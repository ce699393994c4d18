// What the register part of the privacy context exports.
export {};
