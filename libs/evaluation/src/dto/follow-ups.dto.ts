import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { LOCALES, type Locale } from '@probity/i18n';
import { IsOmittable } from '@probity/identity';
import { DEFAULT_WAVE_MONTHS, FOLLOW_UP_LIMITS, MAX_WAVES, WAVE_MONTHS } from '../follow-up-model';
import { DEFAULT_MIN_RESPONSES, MIN_RESPONSES_FLOOR } from '../survey-model';

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class FollowUpWaveDto {
  @ApiProperty({ minimum: WAVE_MONTHS.min, maximum: WAVE_MONTHS.max, example: 3, description: 'Months after each learner’s completion' })
  @Type(() => Number)
  @IsInt()
  @Min(WAVE_MONTHS.min)
  @Max(WAVE_MONTHS.max)
  months: number;
}

/** The body of `PUT /api/v1/follow-ups/cohorts/:id`: the cohort's whole schedule (waves not listed are removed). */
export class ScheduleFollowUpsDto {
  @ApiPropertyOptional({
    type: [FollowUpWaveDto],
    description: `1–${MAX_WAVES} waves, each a different number of months (default: ${DEFAULT_WAVE_MONTHS.join(' and ')})`,
  })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_WAVES)
  @ValidateNested({ each: true })
  @Type(() => FollowUpWaveDto)
  waves?: FollowUpWaveDto[];

  @ApiPropertyOptional({ default: DEFAULT_MIN_RESPONSES, minimum: MIN_RESPONSES_FLOOR, maximum: 1000 })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(MIN_RESPONSES_FLOOR)
  @Max(1000)
  minResponses?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'A learner questionnaire (default: the standard one)' })
  @IsOmittable()
  @IsUUID()
  learnerTemplateId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A supervisor questionnaire (default: the standard one)' })
  @IsOmittable()
  @IsUUID()
  supervisorTemplateId?: string;
}

/** The body of `PUT /api/v1/follow-ups/cohorts/:id/supervisor`: whom to ask about the learner, and in which language. */
export class SupervisorContactDto {
  @ApiProperty({ example: 'Giorgi Beridze', maxLength: FOLLOW_UP_LIMITS.contactName })
  @Transform(trimmed)
  @IsString()
  @MinLength(2)
  @MaxLength(FOLLOW_UP_LIMITS.contactName)
  name: string;

  @ApiProperty({ example: 'g.beridze@police.ge' })
  @Transform(trimmed)
  @IsEmail()
  @MaxLength(FOLLOW_UP_LIMITS.email)
  email: string;

  @ApiProperty({ enum: LOCALES, description: 'The language the supervisor is written to in' })
  @IsIn(LOCALES)
  locale: Locale;
}

export class FollowUpAnswerDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  itemId: string;

  @ApiPropertyOptional({
    description: 'frequency: 1 (never) … 5 (always); count: a whole number of cases, 0 or more; single choice: the option’s number (1…n)',
  })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(FOLLOW_UP_LIMITS.count)
  value?: number;

  @ApiPropertyOptional({ type: [Number], description: 'multi choice: the options’ numbers (1…n)' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  values?: number[];

  @ApiPropertyOptional({ description: 'Open questions: general examples, no case details or names', maxLength: FOLLOW_UP_LIMITS.answer })
  @IsOmittable()
  @IsString()
  @MaxLength(FOLLOW_UP_LIMITS.answer)
  text?: string;
}

/** The body of `POST /api/v1/follow-ups/invitations/:id/responses` (and of the supervisor's form). */
export class FollowUpResponseDto {
  @ApiProperty({ type: [FollowUpAnswerDto] })
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => FollowUpAnswerDto)
  answers: FollowUpAnswerDto[];
}
