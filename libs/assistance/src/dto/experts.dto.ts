import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { LOCALES } from '@probity/i18n';
import { IsAcceptablePassword, IsOmittable, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, SEXES, type Sex } from '@probity/identity';
import { LANGUAGE_LEVELS, type LanguageLevel, TOPICS, type Topic } from '../assistance-model';

/** The sizes the roster keeps to (the columns' own, and what a profile reasonably holds). */
export const EXPERT_LIMITS = {
  fullName: 200,
  email: 254,
  organisation: 200,
  bio: 5000,
  languages: 20,
  windows: 50,
  note: 200,
} as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** ISO 639-1 or 639-2/3 code, as the column's CHECK has it. */
export const LANGUAGE_CODE = /^[a-z]{2,3}$/;
/** ISO 3166-1 alpha-2. */
export const COUNTRY_CODE = /^[A-Z]{2}$/;

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const lower = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** A language an expert works in and how well. */
export class ExpertLanguageDto {
  @ApiProperty({ example: 'ru', pattern: LANGUAGE_CODE.source, description: 'ISO 639 code (two or three lower-case letters)' })
  @Transform(lower)
  @IsString()
  @Matches(LANGUAGE_CODE)
  language: string;

  @ApiProperty({ enum: LANGUAGE_LEVELS, example: 'C1', description: 'CEFR level, or native' })
  @IsIn(LANGUAGE_LEVELS)
  level: LanguageLevel;
}

/** Days an expert can be on a mission: both `from` and `to` included. */
export class AvailabilityWindowDto {
  @ApiProperty({ type: String, format: 'date', example: '2027-03-01', description: 'First day available' })
  @IsDateString({ strict: true })
  @Matches(DAY)
  from: string;

  @ApiProperty({ type: String, format: 'date', example: '2027-03-31', description: 'Last day available (included); not before `from`' })
  @IsDateString({ strict: true })
  @Matches(DAY)
  to: string;

  @ApiPropertyOptional({ maxLength: EXPERT_LIMITS.note, example: 'Remote work only in the last week' })
  @IsOptional()
  @IsString()
  @MaxLength(EXPERT_LIMITS.note)
  note?: string;
}

/** What an expert may change of their own profile (`PUT /api/v1/assistance/experts/me`): each list given replaces the old one. */
export class ExpertSelfDto {
  @ApiPropertyOptional({ type: [ExpertLanguageDto], maxItems: EXPERT_LIMITS.languages, description: 'Each language once' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(EXPERT_LIMITS.languages)
  @ValidateNested({ each: true })
  @Type(() => ExpertLanguageDto)
  languages?: ExpertLanguageDto[];

  @ApiPropertyOptional({ type: [AvailabilityWindowDto], maxItems: EXPERT_LIMITS.windows })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(EXPERT_LIMITS.windows)
  @ValidateNested({ each: true })
  @Type(() => AvailabilityWindowDto)
  availability?: AvailabilityWindowDto[];
}

/** The fields of a profile besides name, e-mail and country (the same when creating and changing). */
export class ExpertProfileFieldsDto extends ExpertSelfDto {
  @ApiPropertyOptional({ enum: SEXES, nullable: true, description: 'null: not recorded; `not_stated`: declined to say' })
  @IsOptional()
  @IsIn(SEXES)
  sex?: Sex | null;

  @ApiPropertyOptional({ example: 'Prosecutor’s Office of Georgia', maxLength: EXPERT_LIMITS.organisation })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @MaxLength(EXPERT_LIMITS.organisation)
  organisation?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The facility’s institution the expert works for, if any (a request from it is flagged as a conflict)',
  })
  @IsOptional()
  @IsUUID('all')
  institutionId?: string | null;

  @ApiPropertyOptional({ description: 'A serving public official (civil servant, police, prosecutor, judge)' })
  @IsOmittable()
  @IsBoolean()
  publicOfficial?: boolean;

  @ApiPropertyOptional({ enum: TOPICS, isArray: true, description: 'The topic areas the expert is competent in, each once' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(TOPICS.length)
  @IsIn(TOPICS, { each: true })
  topics?: Topic[];

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-01-15', description: 'When the expert was vetted' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(DAY)
  vettedOn?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    example: '2028-01-15',
    description: 'When the vetting runs out; after `vettedOn`',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(DAY)
  vettingExpiresOn?: string | null;

  @ApiPropertyOptional({ maxLength: EXPERT_LIMITS.bio })
  @IsOmittable()
  @IsString()
  @MaxLength(EXPERT_LIMITS.bio)
  bio?: string;
}

/**
 * The body of `PATCH /api/v1/assistance/experts/:id`: any of these (left out: unchanged; null clears sex, institution
 * and the vetting dates); `languages` and `availability`, when given, replace the old lists.
 */
export class UpdateExpertDto extends ExpertProfileFieldsDto {
  @ApiPropertyOptional({ example: 'Nino Beridze', maxLength: EXPERT_LIMITS.fullName })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(EXPERT_LIMITS.fullName)
  fullName?: string;

  @ApiPropertyOptional({ example: 'n.beridze@example.org', description: 'Unique on the roster (expert_email_taken)' })
  @IsOmittable()
  @Transform(lower)
  @IsEmail()
  @MaxLength(EXPERT_LIMITS.email)
  email?: string;

  @ApiPropertyOptional({ example: 'GE', pattern: COUNTRY_CODE.source, description: 'ISO 3166-1 alpha-2' })
  @IsOmittable()
  @IsString()
  @Matches(COUNTRY_CODE)
  country?: string;
}

/** The body of `POST /api/v1/assistance/experts`: name, e-mail and country at least. */
export class CreateExpertDto extends ExpertProfileFieldsDto {
  @ApiProperty({ example: 'Nino Beridze', maxLength: EXPERT_LIMITS.fullName })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(EXPERT_LIMITS.fullName)
  fullName: string;

  @ApiProperty({ example: 'n.beridze@example.org', description: 'Unique on the roster (expert_email_taken)' })
  @Transform(lower)
  @IsEmail()
  @MaxLength(EXPERT_LIMITS.email)
  email: string;

  @ApiProperty({ example: 'GE', pattern: COUNTRY_CODE.source, description: 'ISO 3166-1 alpha-2' })
  @IsString()
  @Matches(COUNTRY_CODE)
  country: string;
}

/** The body of `POST /api/v1/assistance/experts/:id/account`: the new account's first password and language. */
export class CreateExpertAccountDto {
  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, writeOnly: true })
  @IsAcceptablePassword()
  password: string;

  @ApiProperty({ enum: LOCALES, example: 'ka', description: 'The language of the expert’s pages and messages' })
  @IsIn(LOCALES)
  locale: string;
}

/** `GET /api/v1/assistance/experts`: the roster, filtered. */
export class ExpertSearchQueryDto {
  @ApiPropertyOptional({ enum: TOPICS })
  @IsOptional()
  @IsIn(TOPICS)
  topic?: Topic;

  @ApiPropertyOptional({ example: 'ru', description: 'Works in this language (ISO 639 code)' })
  @IsOptional()
  @Transform(lower)
  @IsString()
  @Matches(LANGUAGE_CODE)
  language?: string;

  @ApiPropertyOptional({ enum: LANGUAGE_LEVELS, description: 'At this level or better (in `language`, or in any language without it)' })
  @IsOptional()
  @IsIn(LANGUAGE_LEVELS)
  minLevel?: LanguageLevel;

  @ApiPropertyOptional({ example: 'GE' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString()
  @Matches(COUNTRY_CODE)
  country?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    description: 'Available every day from this one (to `available_to`, or this day alone)',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(DAY)
  available_from?: string;

  @ApiPropertyOptional({ type: String, format: 'date', description: 'Available every day up to this one (included)' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(DAY)
  available_to?: string;

  @ApiPropertyOptional({ description: 'Part of the name, e-mail or organisation', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'true: the archived experts instead' })
  @IsOptional()
  @IsIn(['true', 'false'])
  archived?: string;

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

/** `GET /api/v1/assistance/requests/:id/matches`. */
export class MatchQueryDto {
  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
