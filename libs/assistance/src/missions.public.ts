// What the missions part of the assistance context exports.
export {};
