import { ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * A field that may be left out. Unlike `@IsOptional()`, which also waves `null` through to the service (and on to a
 * NOT NULL column), `null` is checked like any other value, so the field's own rules refuse it with a 400.
 */
export function IsOmittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, options);
}
