// What the reporting part of the cooperation context exports.
export {};
