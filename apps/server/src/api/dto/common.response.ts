import type { ApiPropertyOptions } from '@nestjs/swagger';
import { LOCALES } from '@probity/i18n';

/**
 * Schema pieces the response DTOs share. A response DTO describes what a route answers (OpenAPI shows it);
 * its mapper, beside it, builds the answer from what the service returned, field by field, so that what
 * the document says and what the route sends are the same list.
 */

/** Translatable text: `{"en": "Chain of custody", "ka": "…"}`. */
export const LOCALE_MAP: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: { type: 'string' },
  description: 'Text per locale',
  example: { en: 'Chain of custody', ka: 'მტკიცებულებათა შენახვის ჯაჭვი' },
};

export const LOCALE_MAPS: ApiPropertyOptions = {
  type: 'array',
  items: { type: 'object', additionalProperties: { type: 'string' } },
  description: 'Texts per locale',
};

/** Percent of the texts present in each locale: `{"en": 100, "ka": 80, …}`. */
export const PERCENT_BY_LOCALE: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: { type: 'integer' },
  description: 'Percent of the texts present, per locale',
  example: { en: 100, ru: 0, ka: 80, uk: 0, ur: 0, sw: 0 },
};

/** A JSON object whose members this document does not list (frozen content, signed credentials). */
export const OBJECT: ApiPropertyOptions = { type: 'object', additionalProperties: true };

export const OBJECTS: ApiPropertyOptions = { type: 'array', items: { type: 'object', additionalProperties: true } };

export const UUID: ApiPropertyOptions = { type: String, format: 'uuid' };
export const UUIDS: ApiPropertyOptions = { type: [String], format: 'uuid' };
export const LOCALE: ApiPropertyOptions = { enum: LOCALES, example: 'ka' };

/** ISO 8601 UTC time, as JSON writes a `Date`. */
export const DATE_TIME: ApiPropertyOptions = { type: String, format: 'date-time' };

/** A calendar day, `2026-03-01`. */
export const DATE: ApiPropertyOptions = { type: String, format: 'date', example: '2026-03-01' };

/** What a service method answers: mappers take this, whatever class the service builds it from. */
export type Answer<S, K extends keyof S> = S[K] extends (...args: never[]) => Promise<infer T> ? T : never;
