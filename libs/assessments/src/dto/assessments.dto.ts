import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { LOCALES, type LocaleMap } from '@probity/i18n';
import { IsLocaleMap, IsOmittable } from '@probity/identity';
import { ASSESSMENT_KINDS, type AssessmentKind, SCORE_POLICIES, type ScorePolicy } from '../entities/assessment.entity';
import { ITEM_TYPES, type ItemType } from '../item-model';

/** The body of `POST /courses/:id/items` (API.md); `answer` depends on the type, checked by the service. */
export class CreateItemDto {
  @ApiProperty({ enum: ITEM_TYPES })
  @IsIn(ITEM_TYPES)
  type: ItemType;

  @ApiPropertyOptional({ description: 'A short title for the bank' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiProperty({ example: { en: 'Within how many hours must a detained suspect be brought before a judge?' } })
  @IsObject()
  @IsLocaleMap({ required: true, maxLength: 20_000 })
  stem: LocaleMap;

  @ApiPropertyOptional({
    description: 'Choice items: [{text:{..}, correct:bool, feedback?:{..}}] (or fraction -1..1 instead of correct)',
    type: 'array',
    items: { type: 'object' },
  })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  @Allow()
  options?: { text: LocaleMap; correct?: boolean; fraction?: number; feedback?: LocaleMap }[];

  @ApiPropertyOptional({ description: 'true_false: true|false; numeric: {value, tolerance?}; short_text: ["accepted", …]' })
  @IsOptional()
  @Allow()
  answer?: unknown;

  @ApiProperty({ minimum: 0, maximum: 1000 })
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1000)
  points: number;

  @ApiPropertyOptional({
    description: 'essay: [{criterion:{..}, levels:[{points, descriptor:{..}}]}]',
    type: 'array',
    items: { type: 'object' },
  })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  @Allow()
  rubric?: { criterion: LocaleMap; levels: { points: number; descriptor: LocaleMap }[] }[];

  @ApiPropertyOptional({ description: 'Shown after release' })
  @IsOptional()
  @IsObject()
  @IsLocaleMap({ maxLength: 20_000 })
  explanation?: LocaleMap;

  @ApiPropertyOptional({ description: 'short_text: compare with case' })
  @IsOptional()
  @IsBoolean()
  caseSensitive?: boolean;

  @ApiPropertyOptional({ description: 'short_text: ignore diacritics (default true)' })
  @IsOptional()
  @IsBoolean()
  ignoreDiacritics?: boolean;

  @ApiPropertyOptional({ example: ['lawful-detention'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { each: true })
  tags?: string[];
}

export class ImportItemsDto {
  @ApiProperty({ enum: ['moodle-xml', 'gift'] })
  @IsIn(['moodle-xml', 'gift'])
  format: 'moodle-xml' | 'gift';

  @ApiProperty()
  @IsString()
  @MaxLength(900_000)
  content: string;

  @ApiPropertyOptional({ enum: LOCALES, description: 'The language of the imported texts (default: the caller’s)' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: string;
}

export class CreateAssessmentDto {
  @ApiProperty({ enum: ASSESSMENT_KINDS })
  @IsIn(ASSESSMENT_KINDS)
  kind: AssessmentKind;

  @ApiProperty({ example: { en: 'Post-test: lawful arrest and detention' } })
  @IsObject()
  @IsLocaleMap({ required: true, maxLength: 300 })
  title: LocaleMap;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  itemIds: string[];

  @ApiProperty({ minimum: 0, maximum: 100 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100)
  passPercent: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1440 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1440)
  timeLimitMinutes?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  maxAttempts?: number;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  shuffle?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  blindGrading?: boolean;

  @ApiPropertyOptional({ enum: SCORE_POLICIES, default: 'best' })
  @IsOptional()
  @IsIn(SCORE_POLICIES)
  policy?: ScorePolicy;
}

export class SaveResponseDto {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(20, { each: true })
  optionIds?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(50_000)
  text?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value?: number;
}

export class GradeDto {
  @ApiPropertyOptional({ description: 'Points; may be left out when rubric levels are given' })
  @IsOmittable()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  points?: number;

  @ApiPropertyOptional({ type: [Number], description: 'The chosen level (0-based) of each rubric criterion' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(0, { each: true })
  rubricLevels?: number[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}

export class AssessmentSettingsDto {
  @ApiPropertyOptional({ description: 'When learners may start (ISO 8601); null: now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  opensAt?: string | null;

  @ApiPropertyOptional({ description: 'After this no attempt starts and running ones end' })
  @IsOptional()
  @IsISO8601({ strict: true })
  closesAt?: string | null;

  @ApiPropertyOptional({ description: 'Two independent graders for hand-graded answers of case exercises' })
  @IsOmittable()
  @IsBoolean()
  secondMarking?: boolean;

  @ApiPropertyOptional({ description: 'Largest difference settled by averaging the two marks', minimum: 0, maximum: 1000 })
  @IsOmittable()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  markingThreshold?: number;
}

export class AppealDto {
  @ApiProperty({ description: 'Why the grade should be reviewed' })
  @IsString()
  @MaxLength(5000)
  @MinLength(10)
  reason: string;
}

export class DecideAppealDto {
  @ApiProperty({ enum: ['upheld', 'rejected'] })
  @IsIn(['upheld', 'rejected'])
  outcome: 'upheld' | 'rejected';

  @ApiProperty()
  @IsString()
  @MinLength(5)
  @MaxLength(5000)
  reason: string;

  @ApiPropertyOptional({ description: 'The new points when the appeal is upheld' })
  @IsOmittable()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  points?: number;
}
