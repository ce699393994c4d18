import { type KeyObject, sign, verify } from 'node:crypto';

/**
 * RFC 8785 JSON Canonicalization Scheme. Input must be plain JSON data: null, booleans, finite
 * numbers, strings of well-formed Unicode, arrays and plain objects. Anything else (undefined,
 * functions, symbols, bigints, NaN/Infinity, Dates, class instances, cycles) is rejected rather
 * than silently dropped or converted as JSON.stringify would.
 */

export class CanonicalJsonError extends Error {
  readonly code = 'canonical_json_unsupported';
  constructor(path: string, reason: string) {
    super(`cannot canonicalise ${path}: ${reason}`);
    this.name = 'CanonicalJsonError';
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function canonicalJson(value: unknown): string {
  return serialise(value, '$', new Set());
}

export function signRecord(privateKey: KeyObject, record: unknown): string {
  return sign(null, Buffer.from(canonicalJson(record), 'utf8'), privateKey).toString('base64url');
}

export function verifyRecord(publicKey: KeyObject, record: unknown, signature: string): boolean {
  return verifyCanonical(publicKey, canonicalJson(record), signature);
}

/** `verifyRecord` for a record already in canonical JSON. */
export function verifyCanonical(publicKey: KeyObject, canonical: string, signature: string): boolean {
  const bytes = Buffer.from(signature, 'base64url');
  if (bytes.length !== 64 || bytes.toString('base64url') !== signature) return false;
  return verify(null, Buffer.from(canonical, 'utf8'), publicKey, bytes);
}

function serialise(value: unknown, path: string, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return serialiseString(value, path);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return value === null ? 'null' : serialiseContainer(value, path, ancestors);
    case 'undefined':
    case 'function':
    case 'symbol':
    case 'bigint':
      throw new CanonicalJsonError(path, `${typeof value} is not JSON`);
  }
}

function serialiseString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError(path, 'string holds a lone surrogate');
  return JSON.stringify(value);
}

function serialiseContainer(value: object, path: string, ancestors: Set<object>): string {
  if (ancestors.has(value)) throw new CanonicalJsonError(path, 'cyclic structure');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return `[${Array.from(value, (item: unknown, i) => serialise(item, `${path}[${i}]`, ancestors)).join(',')}]`;
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) throw new CanonicalJsonError(path, 'not a plain object');
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort()
      .map((key) => `${serialiseString(key, path)}:${serialise(record[key], `${path}.${key}`, ancestors)}`);
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}
