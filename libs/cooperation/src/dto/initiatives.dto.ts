import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { TOPICS, type Topic } from '@probity/assistance';
import type { LocaleMap } from '@probity/i18n';
import {
  AGENCY_TYPES,
  type AgencyType,
  IsLocaleMap,
  IsOmittable,
  ListQueryDto,
  PERSON_FUNCTIONS,
  type PersonFunction,
  SEXES,
  type Sex,
} from '@probity/identity';
import { INITIATIVE_FORMATS, INITIATIVE_STATES, type InitiativeFormat, type InitiativeState } from '../cooperation-model';

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const COUNTRY = /^[A-Z]{2}$/;

/** How much one initiative holds (the API's DTOs and the pages' forms use these). */
export const INITIATIVE_LIMITS = {
  title: 300,
  purpose: 5000,
  venue: 300,
  budgetLine: 300,
  agenda: 100,
  topic: 500,
  /** An initiative's days (its register has one column per day). */
  days: 60,
  links: 50,
  fullName: 200,
  organisation: 200,
  email: 254,
} as const;

export class InitiativeAgendaItemDto {
  @ApiProperty({ format: 'date', example: '2027-05-10', description: 'A day within the initiative’s dates' })
  @IsDateString({ strict: true })
  @Matches(DAY)
  day: string;

  @ApiProperty({ example: '09:30', description: 'HH:MM' })
  @Matches(TIME)
  time: string;

  @ApiProperty({ maxLength: INITIATIVE_LIMITS.topic, description: 'What happens' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(INITIATIVE_LIMITS.topic)
  topic: string;
}

/** Where, how and what of an initiative, shared by creation and change. */
class InitiativePlanDto {
  @ApiPropertyOptional({ maxLength: INITIATIVE_LIMITS.venue, description: 'Where it takes place; required unless online' })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @MaxLength(INITIATIVE_LIMITS.venue)
  venue?: string;

  @ApiPropertyOptional({ description: 'Held online (then the venue may stay empty)' })
  @IsOmittable()
  @IsBoolean()
  online?: boolean;

  @ApiPropertyOptional({ type: [InitiativeAgendaItemDto] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(INITIATIVE_LIMITS.agenda)
  @ValidateNested({ each: true })
  @Type(() => InitiativeAgendaItemDto)
  agenda?: InitiativeAgendaItemDto[];

  @ApiPropertyOptional({ maxLength: INITIATIVE_LIMITS.budgetLine, description: 'The budget line it is paid from (free text)' })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @MaxLength(INITIATIVE_LIMITS.budgetLine)
  budgetLine?: string;

  @ApiPropertyOptional({ example: { en: 'Agree on channels for information exchange' }, description: 'Per language' })
  @IsOmittable()
  @IsObject()
  @IsLocaleMap({ maxLength: INITIATIVE_LIMITS.purpose })
  purpose?: LocaleMap;
}

/** A new initiative (`POST /api/v1/initiatives`): of the facility (managers) or of the creator's academy (its admins). */
export class CreateInitiativeDto extends InitiativePlanDto {
  @ApiProperty({ example: { en: 'Cross-border heroin routes: a regional meeting', ru: 'Трансграничные маршруты героина' } })
  @IsObject()
  @IsLocaleMap({ required: true, maxLength: INITIATIVE_LIMITS.title })
  title: LocaleMap;

  @ApiProperty({ enum: INITIATIVE_FORMATS })
  @IsIn(INITIATIVE_FORMATS)
  format: InitiativeFormat;

  @ApiProperty({ enum: TOPICS })
  @IsIn(TOPICS)
  topic: Topic;

  @ApiProperty({ format: 'date', example: '2027-05-10' })
  @IsDateString({ strict: true })
  @Matches(DAY)
  startsOn: string;

  @ApiProperty({ format: 'date', example: '2027-05-12' })
  @IsDateString({ strict: true })
  @Matches(DAY)
  endsOn: string;
}

/** What may change while an initiative is planned; every field may be left out. */
export class UpdateInitiativeDto extends InitiativePlanDto {
  @ApiPropertyOptional({ example: { en: 'Cross-border heroin routes' } })
  @IsOmittable()
  @IsObject()
  @IsLocaleMap({ required: true, maxLength: INITIATIVE_LIMITS.title })
  title?: LocaleMap;

  @ApiPropertyOptional({ enum: INITIATIVE_FORMATS })
  @IsOmittable()
  @IsIn(INITIATIVE_FORMATS)
  format?: InitiativeFormat;

  @ApiPropertyOptional({ enum: TOPICS })
  @IsOmittable()
  @IsIn(TOPICS)
  topic?: Topic;

  @ApiPropertyOptional({ format: 'date' })
  @IsOmittable()
  @IsDateString({ strict: true })
  @Matches(DAY)
  startsOn?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOmittable()
  @IsDateString({ strict: true })
  @Matches(DAY)
  endsOn?: string;
}

export class InitiativeListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: INITIATIVE_STATES })
  @IsOptional()
  @IsIn(INITIATIVE_STATES)
  status?: InitiativeState;
}

/** An institution asked to take part (`POST /api/v1/initiatives/:id/institutions`). */
export class AddInstitutionDto {
  @ApiProperty({ format: 'uuid', description: 'An institution of the facility (an academy, a regional organisation, an agency)' })
  @IsUUID()
  institutionId: string;
}

/** What the initiative builds on: cohorts of member academies and missions of the facility (replaces the links). */
export class InitiativeLinksDto {
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMaxSize(INITIATIVE_LIMITS.links)
  @IsUUID('all', { each: true })
  cohortIds: string[];

  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMaxSize(INITIATIVE_LIMITS.links)
  @IsUUID('all', { each: true })
  missionIds: string[];
}

/**
 * A participant of an institution: a person of its academy (`userId`, then no other field) or a guest described for
 * reporting (name, sex, agency type, function, country; e-mail and organisation optional).
 */
export class AddInitiativeParticipantDto {
  @ApiProperty({ format: 'uuid', description: 'A member institution, accepted' })
  @IsUUID()
  institutionId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A person of the institution’s academy (then no guest field)' })
  @IsOmittable()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ maxLength: INITIATIVE_LIMITS.fullName })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(INITIATIVE_LIMITS.fullName)
  fullName?: string;

  @ApiPropertyOptional({ maxLength: INITIATIVE_LIMITS.email })
  @IsOmittable()
  @Transform(trimmed)
  @IsEmail()
  @MaxLength(INITIATIVE_LIMITS.email)
  email?: string;

  @ApiPropertyOptional({ enum: SEXES })
  @IsOmittable()
  @IsIn(SEXES)
  sex?: Sex;

  @ApiPropertyOptional({ enum: AGENCY_TYPES })
  @IsOmittable()
  @IsIn(AGENCY_TYPES)
  agencyType?: AgencyType;

  @ApiPropertyOptional({ enum: PERSON_FUNCTIONS })
  @IsOmittable()
  @IsIn(PERSON_FUNCTIONS)
  function?: PersonFunction;

  @ApiPropertyOptional({ example: 'UA', description: 'ISO 3166-1 alpha-2' })
  @IsOmittable()
  @Matches(COUNTRY)
  country?: string;

  @ApiPropertyOptional({ maxLength: INITIATIVE_LIMITS.organisation })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @MaxLength(INITIATIVE_LIMITS.organisation)
  organisation?: string;
}

/** One day of the register: who was there (`true`) or not (`false`); participants left out keep their marks. */
export class InitiativeAttendanceDto {
  @ApiProperty({ format: 'date', example: '2027-05-10', description: 'A day within the initiative’s dates' })
  @IsDateString({ strict: true })
  @Matches(DAY)
  day: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'boolean' }, description: 'Participant id → present' })
  @IsObject()
  present: Record<string, boolean>;
}

/** A file sent as a material: its name and bytes. */
export interface MaterialUpload {
  fileName?: string;
  content: Buffer;
}
