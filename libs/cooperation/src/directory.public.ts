// What the directory part of the cooperation context exports.
export {};
