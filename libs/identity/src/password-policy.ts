import { MaxLength, MinLength, IsString, registerDecorator, type ValidationOptions } from 'class-validator';
import { dictionary } from '@zxcvbn-ts/language-common';

/** NIST SP 800-63B and OWASP ASVS 2.1: long passwords, any characters, no composition rules, no common ones. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

let common: Set<string> | undefined;

/**
 * The ~49,000 most common passwords of zxcvbn-ts (`@zxcvbn-ts/language-common`, from leaked password lists,
 * ordered by frequency), lower-cased: shipped in node_modules and loaded once, on first use.
 */
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

/**
 * A common password, a common one with digits or symbols added at the end ("Password2024!"),
 * or one short unit repeated ("abcabcabcabc"), whatever the case.
 */
export function isCommonPassword(password: string): boolean {
  const lower = password.trim().toLowerCase();
  const stem = lower.replace(/[\p{N}\p{P}\p{S}\s]+$/u, '');
  const list = commonPasswords();
  return list.has(lower) || (stem.length >= 4 && list.has(stem)) || /^(.{1,4})\1+$/su.test(lower);
}

/** Passwords made only of spaces (of any kind) are refused. */
export function isBlankPassword(password: string): boolean {
  return password.trim() === '';
}

function rule(name: string, test: (value: string) => boolean, validation?: ValidationOptions) {
  return (object: object, propertyName: string): void =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options: validation,
      validator: { validate: (value: unknown) => typeof value !== 'string' || !test(value) },
    });
}

/**
 * Every password someone sets (accounts, imports, the first administrator, changes and resets):
 * text of 12 to 200 characters, not only spaces, not a common password.
 * Violations: `minLength`, `maxLength`, `passwordBlank`, `passwordCommon`.
 */
export function IsAcceptablePassword(): PropertyDecorator {
  return (object: object, propertyName: string | symbol): void => {
    const name = propertyName as string;
    IsString()(object, name);
    MinLength(PASSWORD_MIN_LENGTH)(object, name);
    MaxLength(PASSWORD_MAX_LENGTH)(object, name);
    rule('passwordBlank', isBlankPassword)(object, name);
    rule('passwordCommon', (value) => !isBlankPassword(value) && isCommonPassword(value))(object, name);
  };
}

/** The same rules outside a DTO (e.g. PROBITY_ADMIN_PASSWORD): the violated constraints, none when acceptable. */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push('minLength');
  if ([...password].length > PASSWORD_MAX_LENGTH) problems.push('maxLength');
  if (isBlankPassword(password)) problems.push('passwordBlank');
  else if (isCommonPassword(password)) problems.push('passwordCommon');
  return problems;
}
