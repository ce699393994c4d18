// What the reports, recommendations and evaluations part of the assistance context exports.
export {};
