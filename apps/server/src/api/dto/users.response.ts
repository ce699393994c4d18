import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AGENCY_TYPES,
  type AgencyType,
  type AuthUser,
  PERSON_FUNCTIONS,
  type PersonFunction,
  ROLES,
  type Page,
  type Role,
  SEXES,
  type Sex,
  type UserView,
} from '@probity/identity';
import { DATE_TIME, LOCALE, UUID } from './common.response';

/** A person as the API shows them: never the password or its hash. */
export class UserResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ example: 'n.beridze@police.ge' })
  email: string;

  @ApiProperty({ example: 'ნინო ბერიძე' })
  fullName: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['learner'] })
  roles: Role[];

  @ApiProperty({ ...UUID, nullable: true, description: 'Null only for platform administrators' })
  academyId: string | null;

  @ApiProperty(LOCALE)
  locale: string;

  @ApiProperty({
    enum: SEXES,
    nullable: true,
    example: 'female',
    description: '`not_stated`: the person declined to say; null: not asked or not recorded',
  })
  sex: Sex | null;

  @ApiProperty({ enum: AGENCY_TYPES, nullable: true, example: 'police', description: 'The kind of agency; null: not recorded' })
  agencyType: AgencyType | null;

  @ApiProperty({ enum: PERSON_FUNCTIONS, nullable: true, example: 'investigator', description: 'What the person does; null: not recorded' })
  function: PersonFunction | null;

  @ApiProperty({ type: String, nullable: true, example: 'Patrol Police Department', description: 'The agency’s name' })
  agency: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Senior Inspector' })
  rank: string | null;

  @ApiProperty({ description: 'False once deactivated: the person can no longer sign in' })
  active: boolean;

  @ApiProperty(DATE_TIME)
  createdAt: Date;
}

export class UserPageResponseDto {
  @ApiProperty({ type: [UserResponseDto] })
  items: UserResponseDto[];

  @ApiProperty()
  total: number;
}

export class UserImportErrorResponseDto {
  @ApiProperty({ description: 'Line of the CSV file' })
  line: number;

  @ApiProperty({ description: 'Why the line was not imported, in the caller’s language' })
  message: string;
}

export class UserImportResponseDto {
  @ApiProperty({ description: 'People created' })
  created: number;

  @ApiProperty({ type: [UserImportErrorResponseDto] })
  errors: UserImportErrorResponseDto[];
}

/** The signed-in user, as the guard resolved them. */
export class SignedInUserResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles: Role[];

  @ApiProperty({ ...UUID, nullable: true })
  academyId: string | null;

  @ApiProperty({ ...LOCALE, description: 'The locale answers are given in' })
  locale: string;

  @ApiPropertyOptional({ ...LOCALE, description: 'The academy’s default locale' })
  academyLocale?: string;

  @ApiPropertyOptional({ example: 'Asia/Tbilisi', description: 'The academy’s IANA time zone (UTC without an academy)' })
  timeZone?: string;
}

export function mapUser(user: UserView): UserResponseDto {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    roles: user.roles,
    academyId: user.academyId,
    locale: user.locale,
    sex: user.sex,
    agencyType: user.agencyType,
    function: user.function,
    agency: user.agency,
    rank: user.rank,
    active: user.active,
    createdAt: user.createdAt,
  };
}

export function mapUserPage(page: Page<UserView>): UserPageResponseDto {
  return { items: page.items.map(mapUser), total: page.total };
}

export function mapUserImport(answer: { created: number; errors: { line: number; message: string }[] }): UserImportResponseDto {
  return { created: answer.created, errors: answer.errors.map((e) => ({ line: e.line, message: e.message })) };
}

export function mapSignedInUser(user: AuthUser): SignedInUserResponseDto {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    roles: user.roles,
    academyId: user.academyId,
    locale: user.locale,
    academyLocale: user.academyLocale,
    timeZone: user.timeZone,
  };
}
