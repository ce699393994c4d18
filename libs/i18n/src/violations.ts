import type { ValidationError } from 'class-validator';
import type { FieldViolation } from './errors';

/** Constraints whose message names a number (a length, a size, a bound), passed on as `count`. */
const COUNTED = new Set(['minLength', 'maxLength', 'arrayMaxSize', 'arrayMinSize', 'min', 'max']);

/** class-validator's failures as field violations that the i18n catalogues can phrase. */
export function violationsOf(errors: ValidationError[], prefix = ''): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => {
      const number = COUNTED.has(constraint) ? /(-?\d+)/.exec(message)?.[1] : undefined;
      return {
        field,
        constraint: constraint === 'whitelistValidation' ? 'unknownField' : constraint,
        ...(number !== undefined ? { params: { count: Number(number) } } : {}),
      };
    });
    return [...own, ...violationsOf(error.children ?? [], field)];
  });
}
