import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsOmittable, ListQueryDto } from '@probity/identity';
import { ACTION_ITEM_STATES, type ActionItemState, OUTCOME_WAVES, type OutcomeWave } from '../cooperation-model';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Windows line ends made plain, outer spaces cut (long texts keep their inner lines). */
const text = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.replace(/\r\n/g, '\n').trim() : value);

/** Limits of what action items and outcome reports hold (the migration's CHECKs say the same). */
export const OUTCOME_LIMITS = { body: 2000, statusNote: 1000, note: 2000, count: 10000 } as const;

/** The body of `POST /api/v1/initiatives/:id/action-items`. */
export class CreateActionItemDto {
  @ApiProperty({ maxLength: OUTCOME_LIMITS.body, example: 'Set up a contact point for requests between the two drug control agencies.' })
  @Transform(text)
  @IsString()
  @MinLength(1)
  @MaxLength(OUTCOME_LIMITS.body)
  body: string;

  @ApiProperty({ format: 'uuid', description: 'The institution that answers for it: an accepted member of the initiative' })
  @IsUUID()
  ownerInstitutionId: string;

  @ApiProperty({ type: String, format: 'date', example: '2027-03-31' })
  @IsDateString({ strict: true })
  @Matches(DAY)
  dueOn: string;
}

/** The body of `PATCH /api/v1/action-items/:id`: what is given changes. */
export class UpdateActionItemDto {
  @ApiPropertyOptional({ maxLength: OUTCOME_LIMITS.body })
  @IsOmittable()
  @Transform(text)
  @IsString()
  @MinLength(1)
  @MaxLength(OUTCOME_LIMITS.body)
  body?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An accepted member institution of the initiative' })
  @IsOmittable()
  @IsUUID()
  ownerInstitutionId?: string;

  @ApiPropertyOptional({ type: String, format: 'date' })
  @IsOmittable()
  @IsDateString({ strict: true })
  @Matches(DAY)
  dueOn?: string;
}

/** The body of `PUT /api/v1/action-items/:id/status`. */
export class ActionItemStatusDto {
  @ApiProperty({ enum: ACTION_ITEM_STATES })
  @IsIn(ACTION_ITEM_STATES)
  status: ActionItemState;

  @ApiPropertyOptional({ maxLength: OUTCOME_LIMITS.statusNote, description: 'What was done, or what holds it up' })
  @IsOmittable()
  @Transform(text)
  @IsString()
  @MaxLength(OUTCOME_LIMITS.statusNote)
  note?: string;
}

export class ActionItemListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only the overdue ones' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: string;

  @ApiPropertyOptional({ enum: ACTION_ITEM_STATES })
  @IsOptional()
  @IsIn(ACTION_ITEM_STATES)
  status?: ActionItemState;

  @ApiPropertyOptional({ format: 'uuid', description: 'One initiative’s' })
  @IsOptional()
  @IsUUID()
  initiativeId?: string;
}

/** A count of an outcome report: a whole number from 0 to 10,000. */
function Count(description: string): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ type: Number, minimum: 0, maximum: OUTCOME_LIMITS.count, description })(target, key);
    Type(() => Number)(target, key);
    IsInt()(target, key);
    Min(0)(target, key);
    Max(OUTCOME_LIMITS.count)(target, key);
  };
}

/**
 * The body of `POST /api/v1/initiatives/:id/outcomes`: what one member institution reports at a follow-up. Aggregate
 * counts since the initiative and a short note; never names, cases or operational details.
 */
export class OutcomeReportDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The reporting institution: the caller speaks for it (focal point or academy administrator)',
  })
  @IsUUID()
  institutionId: string;

  @ApiProperty({ enum: OUTCOME_WAVES, description: 'The follow-up answered: 3 or 6 months after the initiative’s last day' })
  @Type(() => Number)
  @IsInt()
  @IsIn(OUTCOME_WAVES)
  wave: OutcomeWave;

  @Count('Joint investigations opened')
  jointInvestigations: number;

  @Count('Requests for mutual legal assistance sent or received')
  mlaRequests: number;

  @Count('Extradition requests')
  extraditionRequests: number;

  @Count('Joint operations')
  jointOperations: number;

  @Count('Channels of information exchange set up')
  informationExchanges: number;

  @Count('Memoranda of understanding signed')
  mousSigned: number;

  @ApiPropertyOptional({ maxLength: OUTCOME_LIMITS.note, description: 'A short note: no names, cases or operational details' })
  @IsOmittable()
  @Transform(text)
  @IsString()
  @MaxLength(OUTCOME_LIMITS.note)
  note?: string;
}
