import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { TOPICS, type Topic } from '@probity/assistance';
import { IsOmittable, ListQueryDto } from '@probity/identity';

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const upper = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim().toUpperCase() : value);

/** Limits of a directory entry (the migration's columns say the same). */
export const DIRECTORY_LIMITS = { displayName: 200, agency: 200, workContact: 300, languages: 10, topics: TOPICS.length } as const;

/**
 * What a person shows in the directory (`PUT /api/v1/directory/me`): a name, agency, country, languages, topics and a
 * work contact. Nothing about operations or cases.
 */
export class DirectoryEntryDto {
  @ApiProperty({ maxLength: DIRECTORY_LIMITS.displayName, example: 'Nino Beridze' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(DIRECTORY_LIMITS.displayName)
  displayName: string;

  @ApiPropertyOptional({ maxLength: DIRECTORY_LIMITS.agency, example: 'Ministry of Internal Affairs, Central Criminal Police' })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @MaxLength(DIRECTORY_LIMITS.agency)
  agency?: string;

  @ApiPropertyOptional({ example: 'GE', description: 'ISO 3166-1 alpha-2' })
  @IsOmittable()
  @Transform(upper)
  @IsString()
  @Matches(/^[A-Z]{2}$/)
  country?: string;

  @ApiPropertyOptional({ type: [String], example: ['ka', 'ru', 'en'], description: 'ISO 639 codes of the languages spoken' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(DIRECTORY_LIMITS.languages)
  @Matches(/^[a-z]{2,3}$/, { each: true })
  languages?: string[];

  @ApiPropertyOptional({ enum: TOPICS, isArray: true })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(DIRECTORY_LIMITS.topics)
  @IsIn(TOPICS, { each: true })
  topics?: Topic[];

  @ApiProperty({
    maxLength: DIRECTORY_LIMITS.workContact,
    example: 'n.beridze@police.example.ge',
    description: 'A work e-mail or telephone',
  })
  @Transform(trimmed)
  @IsString()
  @MinLength(3)
  @MaxLength(DIRECTORY_LIMITS.workContact)
  workContact: string;
}

/** The body of `POST /api/v1/directory/me`: the entry and the explicit consent to show it (`consent: true`). */
export class DirectoryOptInDto extends DirectoryEntryDto {
  @ApiProperty({
    description:
      'Must be true: the person agrees that facility managers and other opted-in participants of initiatives they share see this entry',
  })
  @IsBoolean()
  consent: boolean;
}

export class DirectoryQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: TOPICS })
  @IsOptional()
  @IsIn(TOPICS)
  topic?: Topic;

  @ApiPropertyOptional({ example: 'UA' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  country?: string;
}
