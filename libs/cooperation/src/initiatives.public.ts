// What the initiatives part of the cooperation context exports.
export {};
