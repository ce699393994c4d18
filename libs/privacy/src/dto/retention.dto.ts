import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { IsOmittable } from '@probity/identity';

/** The bounds and defaults of an academy's retention periods, in years (the migration's CHECKs say the same). */
export const RETENTION_LIMITS = {
  answerTextsYears: { min: 1, max: 10, default: 2 },
  inactiveAccountYears: { min: 1, max: 20, default: 5 },
} as const;

/**
 * Sets an academy's retention periods (`PUT /api/v1/academies/:id/retention`, the page `/admin/retention`): a period
 * left out keeps its current value.
 */
export class SetRetentionDto {
  @ApiPropertyOptional({
    minimum: RETENTION_LIMITS.answerTextsYears.min,
    maximum: RETENTION_LIMITS.answerTextsYears.max,
    default: RETENTION_LIMITS.answerTextsYears.default,
    description: 'Years after a cohort ended that its attempts’ answer texts are kept',
  })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(RETENTION_LIMITS.answerTextsYears.min)
  @Max(RETENTION_LIMITS.answerTextsYears.max)
  answerTextsYears?: number;

  @ApiPropertyOptional({
    minimum: RETENTION_LIMITS.inactiveAccountYears.min,
    maximum: RETENTION_LIMITS.inactiveAccountYears.max,
    default: RETENTION_LIMITS.inactiveAccountYears.default,
    description: 'Years after a person last signed in (or their account was made) that the account is kept, then erased',
  })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(RETENTION_LIMITS.inactiveAccountYears.min)
  @Max(RETENTION_LIMITS.inactiveAccountYears.max)
  inactiveAccountYears?: number;
}
