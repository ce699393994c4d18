import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { LocaleMap } from '@probity/i18n';
import { IsLocaleMap } from '@probity/identity';
import {
  INDICATOR_BREAKDOWNS,
  INDICATOR_LIMITS,
  INDICATOR_MEASURES,
  type IndicatorBreakdown,
  type IndicatorMeasure,
  PERIOD_KINDS,
  type PeriodKind,
} from '../indicators-model';

const VALUE = { min: -INDICATOR_LIMITS.value, max: INDICATOR_LIMITS.value };
const NUMBER = { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 };
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The fields an indicator is created with and may change later: null clears a filter, the breakdown, the baseline or the target. */
export class IndicatorFieldsDto {
  @ApiPropertyOptional({ description: 'What the indicator shows and how it is verified, per language' })
  @IsOptional()
  @IsObject()
  @IsLocaleMap({ maxLength: INDICATOR_LIMITS.description })
  description?: LocaleMap;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 100,
    description: 'knowledge_improved_percent only: percentage points by which the post-test must exceed the pre-test (default 0)',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  margin?: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'GE',
    description: 'Count only people of academies in this country (ISO 3166-1 alpha-2); null: any',
  })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  country?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Count only this course; null: any' })
  @IsOptional()
  @IsUUID('all')
  courseId?: string | null;

  @ApiPropertyOptional({
    enum: INDICATOR_BREAKDOWNS,
    nullable: true,
    description: 'Break each value down (mean_satisfaction: by country only); null: none',
  })
  @IsOptional()
  @IsIn(INDICATOR_BREAKDOWNS)
  breakdown?: IndicatorBreakdown | null;

  @ApiPropertyOptional({ example: { en: 'officials' }, description: 'What the value counts, per language; empty: the measure’s own unit' })
  @IsOptional()
  @IsObject()
  @IsLocaleMap({ maxLength: INDICATOR_LIMITS.unit })
  unit?: LocaleMap;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 40 })
  @IsOptional()
  @IsNumber(NUMBER)
  @Min(VALUE.min)
  @Max(VALUE.max)
  baselineValue?: number | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    example: '2025-12-31',
    description: 'Values are kept from the period after it',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(DAY)
  baselineDate?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 75 })
  @IsOptional()
  @IsNumber(NUMBER)
  @Min(VALUE.min)
  @Max(VALUE.max)
  targetValue?: number | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2027-12-31', description: 'After the baseline date' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(DAY)
  targetDate?: string | null;
}

/** The body of `PATCH /api/v1/indicators/:id`: any of these; the measure, the period and the academy stay as created. */
export class UpdateIndicatorDto extends IndicatorFieldsDto {
  @ApiPropertyOptional({ example: 'EU-1.1', maxLength: INDICATOR_LIMITS.code, description: 'Unique within the academy (or platform-wide)' })
  @IsOptional()
  @IsString()
  @MaxLength(INDICATOR_LIMITS.code)
  @Matches(CODE)
  code?: string;

  @ApiPropertyOptional({ example: { en: 'Officials certified' } })
  @IsOptional()
  @IsObject()
  @IsLocaleMap({ required: true, maxLength: INDICATOR_LIMITS.title })
  title?: LocaleMap;
}

/** The body of `POST /api/v1/indicators`: what it counts (fixed once created: measure, period, academy), and the rest. */
export class CreateIndicatorDto extends IndicatorFieldsDto {
  @ApiProperty({ example: 'EU-1.1', maxLength: INDICATOR_LIMITS.code, description: 'Unique within the academy (or platform-wide)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(INDICATOR_LIMITS.code)
  @Matches(CODE)
  code: string;

  @ApiProperty({ example: { en: 'Officials certified', uk: 'Сертифіковані посадовці' } })
  @IsObject()
  @IsLocaleMap({ required: true, maxLength: INDICATOR_LIMITS.title })
  title: LocaleMap;

  @ApiProperty({ enum: INDICATOR_MEASURES, description: 'What is counted; fixed once created' })
  @IsIn(INDICATOR_MEASURES)
  measure: IndicatorMeasure;

  @ApiProperty({ enum: PERIOD_KINDS, description: 'The reporting period: calendar quarters, half-years or years; fixed once created' })
  @IsIn(PERIOD_KINDS)
  periodKind: PeriodKind;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'The academy whose people (or cohorts) it counts and who keeps it. Academy administrators: their own (the default). ' +
      'Platform administrators: any, or none (null, the default) for a platform-wide indicator over every academy',
  })
  @IsOptional()
  @IsUUID('all')
  academyId?: string | null;
}

export class ManualBreakdownDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'female',
    description: 'A code of the breakdown’s list (country: ISO); null: not recorded',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  key: string | null;

  @ApiProperty({ type: Number, nullable: true })
  @IsOptional()
  @IsNumber(NUMBER)
  @Min(VALUE.min)
  @Max(VALUE.max)
  value: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(VALUE.max)
  n?: number | null;
}

/** The body of `PUT /api/v1/indicators/:id/values/:period`: a value Probity cannot compute, and where it comes from. */
export class ManualValueDto {
  @ApiProperty({ type: Number, example: 12 })
  @IsNumber(NUMBER)
  @Min(VALUE.min)
  @Max(VALUE.max)
  value: number;

  @ApiProperty({ example: 'Ministry of Interior annual statistics, table 4', maxLength: INDICATOR_LIMITS.note })
  @IsString()
  @Matches(/\S/)
  @MaxLength(INDICATOR_LIMITS.note)
  note: string;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'How many people or cases the value rests on' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(VALUE.max)
  n?: number | null;

  @ApiPropertyOptional({ type: [ManualBreakdownDto], description: 'For an indicator with a breakdown: the value of each group' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ManualBreakdownDto)
  breakdown?: ManualBreakdownDto[];
}

/** The body of `POST /api/v1/indicators/:id/compute` (optional): one period instead of every one. */
export class ComputeIndicatorDto {
  @ApiPropertyOptional({ example: '2026-Q1', description: 'One period’s label (`2026-Q1`, `2026-H1`, `2026`); default: every period' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  period?: string;
}

export class IndicatorListQueryDto {
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;

  @ApiPropertyOptional({ description: 'true: the archived indicators instead' })
  @IsOptional()
  @Type(() => String)
  @IsIn(['true', 'false'])
  archived?: string;
}
