import { parse as parseQuery } from 'node:querystring';
import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BadInput } from '@probity/i18n';

/**
 * What a request may hold, checked while its body is parsed (before guards, services or the database see it),
 * so that a hostile body costs a few milliseconds and gets a small 400. The largest legitimate bodies: an
 * attendance register of 5,000 records (~15,000 values), a register page of one field per learner (a cohort
 * holds at most 10,000), DTOs of a dozen fields nested four levels at most.
 */
export const REQUEST_LIMITS = {
  /** Nesting of objects and arrays. */
  depth: 32,
  /** Keys of one JSON object (and of a query string): DTOs have a dozen fields, locale maps six. */
  keys: 50,
  /** Values in a JSON body, all levels together (objects, arrays, strings, numbers…). */
  values: 50_000,
  /** Fields of a page form (application/x-www-form-urlencoded). */
  formFields: 12_000,
} as const;

export type RequestRefusal = 'body_too_deep' | 'body_too_many_keys' | 'body_too_many_values' | 'bad_text' | 'bad_number';

/** A request refused for its shape before it reaches a handler: always 400, message `errors:<code>`. */
export class RequestRefused extends BadInput {
  constructor(code: RequestRefusal, params: Record<string, unknown> = {}) {
    super(code, params);
  }
}

/** A NUL character (PostgreSQL stores none) or half of a surrogate pair (not text: UTF-8 cannot encode it). */
const BAD_TEXT = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** A cheap first look (one character class): most texts have neither NUL nor any surrogate. */
const SUSPECT = /[\0\uD800-\uDFFF]/;

export function isBadText(text: string): boolean {
  return SUSPECT.test(text) && BAD_TEXT.test(text);
}

/**
 * Walks a parsed JSON value without recursion, stopping at the first excess: deeper than `depth`, an object
 * with more than `keys` keys, more than `values` values, a bad text (in a key or a value) or a number JSON
 * cannot mean exactly (1e400 parses to Infinity; beyond 2^53 integers lose their digits).
 */
export function refusalOf(value: unknown): RequestRefused | undefined {
  const stack: unknown[] = [value];
  const depths: number[] = [0];
  let seen = 1;
  while (stack.length) {
    const current = stack.pop();
    const depth = depths.pop() as number;
    if (typeof current === 'string') {
      if (isBadText(current)) return new RequestRefused('bad_text');
      continue;
    }
    if (typeof current === 'number') {
      if (!Number.isFinite(current) || Math.abs(current) > Number.MAX_SAFE_INTEGER) return new RequestRefused('bad_number');
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= REQUEST_LIMITS.depth) return new RequestRefused('body_too_deep', { max: REQUEST_LIMITS.depth });
    const children: unknown[] = Array.isArray(current) ? current : Object.keys(current);
    seen += children.length;
    if (seen > REQUEST_LIMITS.values) return new RequestRefused('body_too_many_values', { max: REQUEST_LIMITS.values });
    if (Array.isArray(current)) {
      for (const item of current) {
        stack.push(item);
        depths.push(depth + 1);
      }
      continue;
    }
    if (children.length > REQUEST_LIMITS.keys) return new RequestRefused('body_too_many_keys', { max: REQUEST_LIMITS.keys });
    for (const key of children as string[]) {
      if (isBadText(key)) return new RequestRefused('bad_text');
      stack.push((current as Record<string, unknown>)[key]);
      depths.push(depth + 1);
    }
  }
  return undefined;
}

/**
 * The same limits on the raw bytes, before JSON.parse builds anything: nesting depth, keys of one object and
 * values in all, counted outside strings. Parsing 40,000 keys or 100,000 levels costs tens of milliseconds; this
 * loop stops at the first excess. Exact checks (texts, numbers) follow on the parsed value.
 */
export function refusalOfJsonText(bytes: Buffer): RequestRefused | undefined {
  const isObject = new Uint8Array(REQUEST_LIMITS.depth + 2);
  const commas = new Int32Array(REQUEST_LIMITS.depth + 2);
  let depth = 0;
  let values = 1;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x22) {
      // A string: on to its closing quote, found natively; a string with escaped quotes is walked byte by byte.
      let end = bytes.indexOf(0x22, i + 1);
      if (end === -1) return undefined; // unterminated: JSON.parse says so
      if (bytes[end - 1] === 0x5c) {
        for (end = i + 1; end < bytes.length && bytes[end] !== 0x22; end++) {
          if (bytes[end] === 0x5c) end++;
        }
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > REQUEST_LIMITS.depth) return new RequestRefused('body_too_deep', { max: REQUEST_LIMITS.depth });
      isObject[depth] = c === 0x7b ? 1 : 0;
      commas[depth] = 0;
    } else if (c === 0x7d || c === 0x5d) {
      if (depth > 0) depth--;
    } else if (c === 0x2c) {
      if (++values > REQUEST_LIMITS.values) return new RequestRefused('body_too_many_values', { max: REQUEST_LIMITS.values });
      if (isObject[depth] === 1 && ++commas[depth] >= REQUEST_LIMITS.keys)
        return new RequestRefused('body_too_many_keys', { max: REQUEST_LIMITS.keys });
    }
  }
  return undefined;
}

type Done = (error: Error | null, body?: unknown) => void;

/** Fastify's own JSON parser (which refuses `__proto__` and `constructor.prototype`), then the limits above. */
export function jsonBodyParser(fastify: FastifyInstance): (request: FastifyRequest, body: Buffer, done: Done) => void {
  // Typed as a union of callback and promise parsers; the default one calls `done` and returns nothing.
  const parse = fastify.getDefaultJsonParser('error', 'error') as unknown as (request: FastifyRequest, body: string, done: Done) => void;
  return (request, body, done) => {
    const early = refusalOfJsonText(body);
    if (early) return done(early);
    parse(request, body.toString('utf8'), (error, value) => {
      if (error) return done(error);
      const refused = refusalOf(value);
      return refused ? done(refused) : done(null, value);
    });
  };
}

/** Page forms: fields counted on the raw bytes before parsing, then every name and value checked. */
export function formBodyParser(): (request: FastifyRequest, body: Buffer, done: Done) => void {
  return (_request, body, done) => {
    let fields = 1;
    for (let at = body.indexOf(0x26); at !== -1; at = body.indexOf(0x26, at + 1)) {
      if (++fields > REQUEST_LIMITS.formFields) return done(new RequestRefused('body_too_many_keys', { max: REQUEST_LIMITS.formFields }));
    }
    // An object without a prototype, like the parser it replaces: `__proto__` would be an ordinary key, refused as
    // Nest's default parser does.
    const parsed = parseQuery(body.toString('utf8'), '&', '=', { maxKeys: 0 });
    if (Object.hasOwn(parsed, '__proto__')) return done(new BadRequestException('Object contains forbidden prototype property'));
    for (const [key, value] of Object.entries(parsed)) {
      if (isBadText(key) || (Array.isArray(value) ? value.some(isBadText) : isBadText(value ?? '')))
        return done(new RequestRefused('bad_text'));
    }
    return done(null, parsed);
  };
}

/** Query strings and path parameters get the same checks as bodies (they reach SQL too), before any guard runs. */
export function checkQueryAndParams(request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void {
  done(refusalOfFlat(request.query) ?? refusalOfFlat(request.params));
}

function refusalOfFlat(values: unknown): RequestRefused | undefined {
  if (!values || typeof values !== 'object') return undefined;
  const entries = Object.entries(values as Record<string, unknown>);
  if (entries.length > REQUEST_LIMITS.keys) return new RequestRefused('body_too_many_keys', { max: REQUEST_LIMITS.keys });
  for (const [key, value] of entries) {
    const texts = Array.isArray(value) ? value : [value];
    if (isBadText(key) || texts.some((text) => typeof text === 'string' && isBadText(text))) return new RequestRefused('bad_text');
  }
  return undefined;
}
