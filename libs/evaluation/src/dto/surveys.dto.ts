import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { LocaleMap } from '@probity/i18n';
import { IsLocaleMap, IsOmittable } from '@probity/identity';
import {
  DEFAULT_MIN_RESPONSES,
  MIN_RESPONSES_FLOOR,
  SURVEY_ITEM_TYPES,
  SURVEY_LIMITS,
  SURVEY_SCALES,
  type SurveyItemType,
  type SurveyScale,
} from '../survey-model';

export class SurveyOptionDto {
  @ApiProperty({ example: { en: 'About right', ru: 'В самый раз' } })
  @IsObject()
  @IsLocaleMap({ required: true, maxLength: SURVEY_LIMITS.optionText })
  text: LocaleMap;
}

export class SurveyItemDto {
  @ApiProperty({ enum: SURVEY_ITEM_TYPES })
  @IsIn(SURVEY_ITEM_TYPES)
  type: SurveyItemType;

  @ApiPropertyOptional({ enum: SURVEY_SCALES, description: 'Likert items: the scale the item belongs to (required); others: none' })
  @IsOmittable()
  @IsIn(SURVEY_SCALES)
  scale?: SurveyScale;

  @ApiProperty({ example: { en: 'The course was relevant to my daily work.' } })
  @IsObject()
  @IsLocaleMap({ required: true, maxLength: SURVEY_LIMITS.itemText })
  text: LocaleMap;

  @ApiPropertyOptional({ type: [SurveyOptionDto], description: 'Single-choice items: 2–10 options, numbered 1…n in this order' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(SURVEY_LIMITS.options)
  @ValidateNested({ each: true })
  @Type(() => SurveyOptionDto)
  options?: SurveyOptionDto[];

  @ApiPropertyOptional({ description: 'Must be answered (default: true, except open questions)' })
  @IsOmittable()
  @IsBoolean()
  required?: boolean;
}

/** The body of `POST /api/v1/surveys/templates` and `PUT /api/v1/surveys/templates/:id`. */
export class SurveyTemplateDto {
  @ApiProperty({ example: { en: 'End-of-course feedback' } })
  @IsObject()
  @IsLocaleMap({ required: true, maxLength: SURVEY_LIMITS.title })
  title: LocaleMap;

  @ApiPropertyOptional({ description: 'Shown above the questions' })
  @IsOmittable()
  @IsObject()
  @IsLocaleMap({ maxLength: SURVEY_LIMITS.intro })
  intro?: LocaleMap;

  @ApiProperty({ type: [SurveyItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SURVEY_LIMITS.items)
  @ValidateNested({ each: true })
  @Type(() => SurveyItemDto)
  items: SurveyItemDto[];
}

/** The body of `PUT /api/v1/cohorts/:id/survey`. */
export class AttachSurveyDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  templateId: string;

  @ApiPropertyOptional({ default: DEFAULT_MIN_RESPONSES, minimum: MIN_RESPONSES_FLOOR, maximum: 1000 })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(MIN_RESPONSES_FLOOR)
  @Max(1000)
  minResponses?: number;
}

export class SurveyAnswerDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  itemId: string;

  @ApiPropertyOptional({ description: 'Likert: 1 (strongly disagree) … 5 (strongly agree); single choice: the option’s number (1…n)' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(SURVEY_LIMITS.options)
  value?: number;

  @ApiPropertyOptional({ description: 'Open questions', maxLength: SURVEY_LIMITS.answer })
  @IsOmittable()
  @IsString()
  @MaxLength(SURVEY_LIMITS.answer)
  text?: string;
}

/** The body of `POST /api/v1/cohort-surveys/:id/responses`. */
export class SurveyResponseDto {
  @ApiProperty({ type: [SurveyAnswerDto] })
  @IsArray()
  @ArrayMaxSize(SURVEY_LIMITS.items)
  @ValidateNested({ each: true })
  @Type(() => SurveyAnswerDto)
  answers: SurveyAnswerDto[];
}

export class SurveyListQueryDto {
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
}
