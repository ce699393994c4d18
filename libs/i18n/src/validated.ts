import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ValidationFailed } from './errors';
import { violationsOf } from './violations';

/**
 * The input of a use case checked against its DTO, wherever it came from (an API body, a page form,
 * the worker): the same rules for every caller, so no page writes a rule of its own. Unknown fields
 * are dropped; a failure is a ValidationFailed with one violation per field and rule.
 */
export async function validated<T extends object>(type: new () => T, input: object): Promise<T> {
  const dto = plainToInstance(type, input);
  const failures = await validate(dto, { whitelist: true, forbidNonWhitelisted: false });
  if (failures.length) throw new ValidationFailed(violationsOf(failures));
  return dto;
}
