import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { LOCALES } from '@probity/i18n';
import { ROLES, type Role } from '../entities/user.entity';
import { IsAcceptablePassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password-policy';
import { AGENCY_TYPES, type AgencyType, PERSON_FUNCTIONS, type PersonFunction, SEXES, type Sex } from '../people';

export class CreateUserDto {
  @ApiProperty({ example: 'n.beridze@police.ge' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    writeOnly: true,
    description: 'At least 12 characters, not only spaces, not a common password',
  })
  @IsAcceptablePassword()
  password: string;

  @ApiProperty({ example: 'ნინო ბერიძე' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['learner'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiPropertyOptional({
    description:
      'Required but for platform administrators and for people holding only the Technical Assistance Facility’s roles ' +
      '(facility_manager, partner_focal_point, expert); an academy admin may give only their own',
  })
  @IsOptional()
  @IsUUID()
  academyId?: string;

  @ApiProperty({ enum: LOCALES, example: 'ka' })
  @IsIn(LOCALES)
  locale: string;

  @ApiPropertyOptional({
    enum: SEXES,
    nullable: true,
    description: '`not_stated`: the person declined to say; left out or null: not asked or not recorded',
  })
  @IsOptional()
  @IsIn(SEXES)
  sex?: Sex | null;

  @ApiPropertyOptional({ enum: AGENCY_TYPES, nullable: true, description: 'The kind of agency (reports count by it); null: not recorded' })
  @IsOptional()
  @IsIn(AGENCY_TYPES)
  agencyType?: AgencyType | null;

  @ApiPropertyOptional({ enum: PERSON_FUNCTIONS, nullable: true, description: 'What the person does; null: not recorded' })
  @IsOptional()
  @IsIn(PERSON_FUNCTIONS)
  function?: PersonFunction | null;

  @ApiPropertyOptional({ example: 'Patrol Police Department', description: 'The agency’s name, as detail beside agencyType' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  agency?: string;

  @ApiPropertyOptional({ example: 'Senior Inspector' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  rank?: string;
}
