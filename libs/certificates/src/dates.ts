/** A date as `YYYY-MM-DD` (UTC), as certificates, verification and the revocation list print it. */
export const dateOnly = (d: Date | string): string => new Date(d).toISOString().slice(0, 10);
