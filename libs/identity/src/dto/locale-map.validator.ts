import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isLocale } from '@probity/i18n';

/** `{"en": "...", "ka": "..."}`: keys are supported locales, values are strings; `required`: one non-empty value at least. */
export function IsLocaleMap(options: { required?: boolean; maxLength?: number } = {}, validation?: ValidationOptions) {
  return (object: object, propertyName: string): void => {
    registerDecorator({
      name: 'isLocaleMap',
      target: object.constructor,
      propertyName,
      options: validation,
      validator: {
        validate(value: unknown): boolean {
          if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
          const entries = Object.entries(value as Record<string, unknown>);
          const wellFormed = entries.every(
            ([key, text]) => isLocale(key) && typeof text === 'string' && text.length <= (options.maxLength ?? 100_000),
          );
          return wellFormed && (!options.required || entries.some(([, text]) => (text as string).trim() !== ''));
        },
      },
    });
  };
}
