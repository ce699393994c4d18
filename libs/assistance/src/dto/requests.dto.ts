import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
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
import { LOCALES, type Locale, type LocaleMap } from '@probity/i18n';
import { IsLocaleMap, IsOmittable, ListQueryDto } from '@probity/identity';
import { FORMATS, type AssistanceFormat, REQUEST_STATES, type RequestState, TOPICS, type Topic } from '../assistance-model';
import { REQUEST_LIMITS } from '../requests-model';

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const COUNTRY = /^[A-Z]{2}$/;
const LANGUAGE = /^[a-z]{2,3}$/;
/** Institutions a facility manager registers; academies' own are made when they first ask. */
export const REGISTERED_KINDS = ['regional_organisation', 'national_agency'] as const;

// ---- institutions -----------------------------------------------------------------------------------

export class CreateInstitutionDto {
  @ApiProperty({ enum: REGISTERED_KINDS })
  @IsIn(REGISTERED_KINDS)
  kind: (typeof REGISTERED_KINDS)[number];

  @ApiProperty({ example: { en: 'Central Asian Regional Information and Coordination Centre' }, description: 'Name per language' })
  @IsObject()
  @IsLocaleMap({ required: true, maxLength: REQUEST_LIMITS.institutionName })
  name: LocaleMap;

  @ApiPropertyOptional({ example: 'KZ', description: 'A national agency’s country (ISO 3166-1 alpha-2)' })
  @IsOmittable()
  @Matches(COUNTRY)
  country?: string;

  @ApiPropertyOptional({ type: [String], example: ['KZ', 'KG', 'TJ'], description: 'A regional organisation’s member countries' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(REQUEST_LIMITS.countries)
  @Matches(COUNTRY, { each: true })
  countries?: string[];
}

export class FocalPointDto {
  @ApiProperty({ format: 'uuid', description: 'A person with the role partner_focal_point' })
  @IsUUID()
  userId: string;
}

// ---- requests -------------------------------------------------------------------------------------

/** The fields of a request besides its topic, format and title; null clears a number or a date. */
export class RequestDetailsDto {
  @ApiPropertyOptional({ enum: LOCALES, description: 'The language the request is written in' })
  @IsOmittable()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ maxLength: REQUEST_LIMITS.text, description: 'The need: what the institution faces' })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @MaxLength(REQUEST_LIMITS.text)
  need?: string;

  @ApiPropertyOptional({ maxLength: REQUEST_LIMITS.text })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @MaxLength(REQUEST_LIMITS.text)
  expectedResult?: string;

  @ApiPropertyOptional({ maxLength: REQUEST_LIMITS.text, description: 'Who is to take part (functions, agencies)' })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @MaxLength(REQUEST_LIMITS.text)
  targetGroup?: string;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: REQUEST_LIMITS.participants })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(REQUEST_LIMITS.participants)
  participants?: number | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2027-05-10' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(DAY)
  preferredFrom?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2027-05-14' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(DAY)
  preferredTo?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['ru', 'en'], description: 'ISO 639 codes of the languages to work in' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(REQUEST_LIMITS.languages)
  @Matches(LANGUAGE, { each: true })
  languages?: string[];
}

/** A new draft: topic, format and title at least; the rest may follow before it is submitted. */
export class CreateRequestDto extends RequestDetailsDto {
  @ApiProperty({ enum: TOPICS })
  @IsIn(TOPICS)
  topic: Topic;

  @ApiProperty({ enum: FORMATS })
  @IsIn(FORMATS)
  format: AssistanceFormat;

  @ApiProperty({ maxLength: REQUEST_LIMITS.title })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(REQUEST_LIMITS.title)
  title: string;
}

/** What a draft may change; every field may be left out. */
export class UpdateRequestDto extends RequestDetailsDto {
  @ApiPropertyOptional({ enum: TOPICS })
  @IsOmittable()
  @IsIn(TOPICS)
  topic?: Topic;

  @ApiPropertyOptional({ enum: FORMATS })
  @IsOmittable()
  @IsIn(FORMATS)
  format?: AssistanceFormat;

  @ApiPropertyOptional({ maxLength: REQUEST_LIMITS.title })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(REQUEST_LIMITS.title)
  title?: string;
}

export class RequestListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: REQUEST_STATES })
  @IsOptional()
  @IsIn(REQUEST_STATES)
  status?: RequestState;

  @ApiPropertyOptional({ enum: TOPICS })
  @IsOptional()
  @IsIn(TOPICS)
  topic?: Topic;

  @ApiPropertyOptional({ format: 'uuid', description: 'Facility managers: one institution’s requests' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}

// ---- screening and decisions -----------------------------------------------------------------------

export class RuleJudgementDto {
  @ApiProperty({ description: 'Whether the rule is met' })
  @IsBoolean()
  met: boolean;

  @ApiPropertyOptional({ maxLength: REQUEST_LIMITS.note })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @MaxLength(REQUEST_LIMITS.note)
  note?: string;
}

/** One judgement per eligibility rule; a rule left out keeps its judgement. */
export class ScreeningRulesDto {
  @ApiPropertyOptional({ type: RuleJudgementDto })
  @IsOmittable()
  @ValidateNested()
  @Type(() => RuleJudgementDto)
  partner_country?: RuleJudgementDto;

  @ApiPropertyOptional({ type: RuleJudgementDto })
  @IsOmittable()
  @ValidateNested()
  @Type(() => RuleJudgementDto)
  topic_in_scope?: RuleJudgementDto;

  @ApiPropertyOptional({ type: RuleJudgementDto })
  @IsOmittable()
  @ValidateNested()
  @Type(() => RuleJudgementDto)
  dates_feasible?: RuleJudgementDto;

  @ApiPropertyOptional({ type: RuleJudgementDto })
  @IsOmittable()
  @ValidateNested()
  @Type(() => RuleJudgementDto)
  no_duplicate?: RuleJudgementDto;
}

export class ScreeningDto {
  @ApiProperty({ type: ScreeningRulesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ScreeningRulesDto)
  rules: ScreeningRulesDto;
}

export class ApproveDto {
  @ApiPropertyOptional({ maxLength: REQUEST_LIMITS.reason })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @MaxLength(REQUEST_LIMITS.reason)
  reason?: string;
}

export class RejectDto {
  @ApiProperty({ maxLength: REQUEST_LIMITS.reason, description: 'Why: the requester reads it' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(REQUEST_LIMITS.reason)
  reason: string;
}

export class CommentDto {
  @ApiProperty({ minLength: 1, maxLength: REQUEST_LIMITS.comment })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(REQUEST_LIMITS.comment)
  body: string;
}

/** A file as the upload route hands it on: the name it was sent with and its bytes. */
export interface AttachmentUpload {
  fileName?: string;
  content: Buffer;
}
