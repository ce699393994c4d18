import { ValidationPipe } from '@nestjs/common';
import { ValidationFailed, violationsOf } from '@probity/i18n';

/** The one global pipe: unknown fields are refused; failures carry constraint names, translated later. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationFailed(violationsOf(errors)),
  });
}
