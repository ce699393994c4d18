// What the notices and consents part of the privacy context exports.
export {};
