// What the participation part of the cooperation context exports.
export {};
