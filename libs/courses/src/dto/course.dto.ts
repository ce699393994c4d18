import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { LOCALES, type LocaleMap } from '@probity/i18n';
import { IsLocaleMap, IsOmittable } from '@probity/identity';

const TAG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const localeMapExample = { en: 'Chain of custody', ka: 'მტკიცებულებათა შენახვის ჯაჭვი' };

export class CreateCourseDto {
  @ApiProperty({ example: 'NAPOR-CI', description: 'Unique within the academy: letters, digits, dashes' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/)
  code: string;

  @ApiProperty({ example: localeMapExample })
  @IsObject()
  @IsLocaleMap({ required: true, maxLength: 300 })
  title: LocaleMap;

  @ApiPropertyOptional({ example: { en: 'For investigators and prosecutors' } })
  @IsOptional()
  @IsObject()
  @IsLocaleMap({ maxLength: 3000 })
  summary?: LocaleMap;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'Learning objectives, each a text per locale' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsLocaleMap({ required: true, maxLength: 1000 }, { each: true })
  objectives?: LocaleMap[];

  @ApiPropertyOptional({ example: ['chain-of-custody', 'interviewing'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @Matches(TAG, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ default: false, description: 'Other academies may run cohorts of it' })
  @IsOptional()
  @IsBoolean()
  shared?: boolean;
}

export class UpdateCourseDto {
  @ApiPropertyOptional() @IsOmittable() @IsObject() @IsLocaleMap({ required: true, maxLength: 300 }) title?: LocaleMap;
  @ApiPropertyOptional() @IsOmittable() @IsObject() @IsLocaleMap({ maxLength: 3000 }) summary?: LocaleMap;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(30)
  @IsLocaleMap({ required: true, maxLength: 1000 }, { each: true })
  objectives?: LocaleMap[];
  @ApiPropertyOptional() @IsOmittable() @IsArray() @ArrayMaxSize(30) @Matches(TAG, { each: true }) tags?: string[];
  @ApiPropertyOptional() @IsOmittable() @IsBoolean() shared?: boolean;
}

export class CreateModuleDto {
  @ApiProperty({ example: { en: 'Lawful arrest and detention' } })
  @IsObject()
  @IsLocaleMap({ required: true, maxLength: 300 })
  title: LocaleMap;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsLocaleMap({ required: true, maxLength: 1000 }, { each: true })
  objectives?: LocaleMap[];

  @ApiPropertyOptional({ description: 'The module’s case scenario, Markdown per locale' })
  @IsOptional()
  @IsObject()
  @IsLocaleMap({ maxLength: 50_000 })
  scenario?: LocaleMap;

  @ApiPropertyOptional() @IsOptional() @IsArray() @ArrayMaxSize(30) @Matches(TAG, { each: true }) tags?: string[];
}

export class UpdateModuleDto {
  @ApiPropertyOptional() @IsOmittable() @IsObject() @IsLocaleMap({ required: true, maxLength: 300 }) title?: LocaleMap;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(30)
  @IsLocaleMap({ required: true, maxLength: 1000 }, { each: true })
  objectives?: LocaleMap[];
  @ApiPropertyOptional() @IsOmittable() @IsObject() @IsLocaleMap({ maxLength: 50_000 }) scenario?: LocaleMap;
  @ApiPropertyOptional() @IsOmittable() @IsArray() @ArrayMaxSize(30) @Matches(TAG, { each: true }) tags?: string[];
}

export class CreateLessonDto {
  @ApiProperty({ example: { en: 'Sealing and storing seized drugs' } })
  @IsObject()
  @IsLocaleMap({ required: true, maxLength: 300 })
  title: LocaleMap;

  @ApiProperty({
    example: { en: '## Why seals matter\n\nA seal number…' },
    description: 'Markdown per locale; rendered and sanitized on save',
  })
  @IsObject()
  @IsLocaleMap({ maxLength: 200_000 })
  body: LocaleMap;

  @ApiProperty({ example: 30, minimum: 0, maximum: 1440 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1440)
  durationMinutes: number;

  @ApiPropertyOptional() @IsOptional() @IsArray() @ArrayMaxSize(30) @Matches(TAG, { each: true }) tags?: string[];
}

export class UpdateLessonDto {
  @ApiPropertyOptional() @IsOmittable() @IsObject() @IsLocaleMap({ required: true, maxLength: 300 }) title?: LocaleMap;
  @ApiPropertyOptional() @IsOmittable() @IsObject() @IsLocaleMap({ maxLength: 200_000 }) body?: LocaleMap;
  @ApiPropertyOptional() @IsOmittable() @Type(() => Number) @IsInt() @Min(0) @Max(1440) durationMinutes?: number;
  @ApiPropertyOptional() @IsOmittable() @IsArray() @ArrayMaxSize(30) @Matches(TAG, { each: true }) tags?: string[];
}

export class MoveDto {
  @ApiProperty({ enum: ['up', 'down'] })
  @IsIn(['up', 'down'])
  direction: 'up' | 'down';
}

export class TranslationEntryDto {
  @ApiProperty({ example: 'lesson:7c9e…:title' })
  @IsString()
  @MaxLength(200)
  key: string;

  @ApiProperty()
  @IsString()
  @MaxLength(200_000)
  text: string;
}

export class SaveTranslationsDto {
  @ApiProperty({ enum: LOCALES })
  @IsIn(LOCALES)
  locale: string;

  @ApiProperty({ type: [TranslationEntryDto] })
  @IsArray()
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => TranslationEntryDto)
  entries: TranslationEntryDto[];
}
