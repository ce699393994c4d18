import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { AGENCY_TYPES, type AgencyType, PERSON_FUNCTIONS, type PersonFunction, SEXES, type Sex } from '../people';

/**
 * What an administrator may change of how a person is described (`PATCH /api/v1/users/:id`). A field left out
 * stays as it is; `null` (or empty text for agency and rank) clears it: not recorded.
 */
export class UpdateUserProfileDto {
  @ApiPropertyOptional({ enum: SEXES, nullable: true, description: '`not_stated`: the person declined to say; null: not recorded' })
  @IsOptional()
  @IsIn(SEXES)
  sex?: Sex | null;

  @ApiPropertyOptional({ enum: AGENCY_TYPES, nullable: true, description: 'null: not recorded' })
  @IsOptional()
  @IsIn(AGENCY_TYPES)
  agencyType?: AgencyType | null;

  @ApiPropertyOptional({ enum: PERSON_FUNCTIONS, nullable: true, description: 'null: not recorded' })
  @IsOptional()
  @IsIn(PERSON_FUNCTIONS)
  function?: PersonFunction | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Patrol Police Department', description: 'The agency’s name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  agency?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Senior Inspector' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  rank?: string | null;
}
