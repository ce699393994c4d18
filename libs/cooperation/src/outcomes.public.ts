// What the outcomes part of the cooperation context exports.
export {};
