import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
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
import {
  AGENCY_TYPES,
  type AgencyType,
  IsOmittable,
  ListQueryDto,
  PERSON_FUNCTIONS,
  type PersonFunction,
  SEXES,
  type Sex,
} from '@probity/identity';
import { MISSION_STATES, type MissionState } from '../assistance-model';

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const COUNTRY = /^[A-Z]{2}$/;

/** How much one mission holds. */
export const MISSION_LIMITS = {
  venue: 300,
  agenda: 100,
  topic: 500,
  experts: 20,
  fullName: 200,
  organisation: 200,
  email: 254,
  /** A mission's days (its register has one column per day). */
  days: 60,
} as const;

// ---- missions ---------------------------------------------------------------------------------------

export class AgendaItemDto {
  @ApiProperty({ format: 'date', example: '2027-05-10', description: 'A day within the mission’s dates' })
  @IsDateString({ strict: true })
  @Matches(DAY)
  day: string;

  @ApiProperty({ example: '09:30', description: 'HH:MM' })
  @Matches(TIME)
  time: string;

  @ApiProperty({ maxLength: MISSION_LIMITS.topic, description: 'What happens, in the mission’s language' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(MISSION_LIMITS.topic)
  topic: string;
}

export class MissionExpertDto {
  @ApiProperty({ format: 'uuid', description: 'An expert of the roster (not archived)' })
  @IsUUID()
  expertId: string;

  @ApiProperty({ description: 'The lead expert: exactly one per mission' })
  @IsBoolean()
  lead: boolean;
}

/** A mission's experts: exactly one lead, each expert once. */
export class MissionExpertsDto {
  @ApiProperty({ type: [MissionExpertDto] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MISSION_LIMITS.experts)
  @ValidateNested({ each: true })
  @Type(() => MissionExpertDto)
  experts: MissionExpertDto[];
}

/** Where and when, shared by creation and change. */
class MissionPlaceDto {
  @ApiPropertyOptional({ maxLength: MISSION_LIMITS.venue, description: 'Where it takes place; required unless online' })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @MaxLength(MISSION_LIMITS.venue)
  venue?: string;

  @ApiPropertyOptional({ description: 'Held online (then the venue may stay empty)' })
  @IsOmittable()
  @IsBoolean()
  online?: boolean;

  @ApiPropertyOptional({ type: [AgendaItemDto] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MISSION_LIMITS.agenda)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemDto)
  agenda?: AgendaItemDto[];

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'The academy whose key signs certificates of participation; by default the requesting institution’s academy, when it is one',
  })
  @IsOptional()
  @IsUUID()
  issuingAcademyId?: string | null;
}

/** An approved request made a mission (`POST /api/v1/assistance/requests/:id/mission`). */
export class CreateMissionDto extends MissionPlaceDto {
  @ApiProperty({ format: 'date', example: '2027-05-10' })
  @IsDateString({ strict: true })
  @Matches(DAY)
  startsOn: string;

  @ApiProperty({ format: 'date', example: '2027-05-12' })
  @IsDateString({ strict: true })
  @Matches(DAY)
  endsOn: string;

  @ApiProperty({ type: [MissionExpertDto], description: 'Exactly one lead' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MISSION_LIMITS.experts)
  @ValidateNested({ each: true })
  @Type(() => MissionExpertDto)
  experts: MissionExpertDto[];
}

/** What may change while a mission is planned or running; every field may be left out. */
export class UpdateMissionDto extends MissionPlaceDto {
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

export class MissionCohortDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'A cohort of the requesting institution’s academy; null: the mission stands alone again',
  })
  @IsOptional()
  @IsUUID()
  cohortId: string | null;
}

export class MissionListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: MISSION_STATES })
  @IsOptional()
  @IsIn(MISSION_STATES)
  status?: MissionState;
}

// ---- participants and attendance --------------------------------------------------------------------

/**
 * A participant: a learner of the requesting institution's academy (`userId` alone), or a guest described like a
 * person of Probity for reporting (name, sex, agency type, function, country; e-mail and organisation optional).
 */
export class AddParticipantDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A learner of the institution’s academy (then no other field)' })
  @IsOmittable()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ maxLength: MISSION_LIMITS.fullName })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(MISSION_LIMITS.fullName)
  fullName?: string;

  @ApiPropertyOptional({ maxLength: MISSION_LIMITS.email })
  @IsOmittable()
  @Transform(trimmed)
  @IsEmail()
  @MaxLength(MISSION_LIMITS.email)
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

  @ApiPropertyOptional({ example: 'KZ', description: 'ISO 3166-1 alpha-2' })
  @IsOmittable()
  @Matches(COUNTRY)
  country?: string;

  @ApiPropertyOptional({ maxLength: MISSION_LIMITS.organisation })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @MaxLength(MISSION_LIMITS.organisation)
  organisation?: string;
}

/** One day of the register: who was there (`true`) or not (`false`); participants left out keep what they had. */
export class AttendanceDto {
  @ApiProperty({ format: 'date', example: '2027-05-10', description: 'A day within the mission’s dates' })
  @IsDateString({ strict: true })
  @Matches(DAY)
  day: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'boolean' },
    example: { '5f0c…': true },
    description: 'Participant id → present',
  })
  @IsObject()
  present: Record<string, boolean>;
}

/** Why a certificate of participation is revoked: verifiers read it. */
export class RevokeParticipationDto {
  @ApiProperty({ maxLength: 500 })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}
