import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsObject, IsOptional, IsTimeZone, Matches } from 'class-validator';
import { LOCALES, type LocaleMap } from '@probity/i18n';
import { IsLocaleMap } from './locale-map.validator';

export class CreateAcademyDto {
  @ApiProperty({ example: 'GE', description: '2 to 12 upper-case letters or digits' })
  @Matches(/^[A-Z][A-Z0-9]{1,11}$/)
  code: string;

  @ApiProperty({ example: { en: 'Academy of the Ministry of Internal Affairs of Georgia' } })
  @IsObject()
  @IsLocaleMap({ required: true })
  name: LocaleMap;

  @ApiProperty({ example: 'GE', description: 'ISO 3166-1 alpha-2' })
  @Matches(/^[A-Z]{2}$/)
  country: string;

  @ApiProperty({ enum: LOCALES, example: 'ka' })
  @IsIn(LOCALES)
  defaultLocale: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  itemReview?: boolean;

  @ApiPropertyOptional({ default: 'UTC', example: 'Asia/Tbilisi', description: 'IANA time zone' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

export class AcademySettingsDto {
  @ApiProperty({ example: 'Asia/Tbilisi', description: 'IANA time zone' })
  @IsTimeZone()
  timeZone: string;
}
