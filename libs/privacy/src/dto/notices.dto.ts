import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsOmittable } from '@probity/identity';
import { CONSENT_PURPOSES, type ConsentPurpose } from '../entities/privacy-consent.entity';

/** Characters of one language of a notice (the migration's CHECK says the same). */
export const NOTICE_MAX_LENGTH = 50_000;

const text = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.replace(/\r\n/g, '\n').trim() : value);

/** A notice's text in each language it is written in; a language left out (or empty) is not published. */
export class NoticeBodiesDto {
  @ApiPropertyOptional({ maxLength: NOTICE_MAX_LENGTH })
  @IsOmittable()
  @Transform(text)
  @IsString()
  @MaxLength(NOTICE_MAX_LENGTH)
  en?: string;

  @ApiPropertyOptional({ maxLength: NOTICE_MAX_LENGTH })
  @IsOmittable()
  @Transform(text)
  @IsString()
  @MaxLength(NOTICE_MAX_LENGTH)
  ru?: string;

  @ApiPropertyOptional({ maxLength: NOTICE_MAX_LENGTH })
  @IsOmittable()
  @Transform(text)
  @IsString()
  @MaxLength(NOTICE_MAX_LENGTH)
  ka?: string;

  @ApiPropertyOptional({ maxLength: NOTICE_MAX_LENGTH })
  @IsOmittable()
  @Transform(text)
  @IsString()
  @MaxLength(NOTICE_MAX_LENGTH)
  uk?: string;

  @ApiPropertyOptional({ maxLength: NOTICE_MAX_LENGTH })
  @IsOmittable()
  @Transform(text)
  @IsString()
  @MaxLength(NOTICE_MAX_LENGTH)
  ur?: string;

  @ApiPropertyOptional({ maxLength: NOTICE_MAX_LENGTH })
  @IsOmittable()
  @Transform(text)
  @IsString()
  @MaxLength(NOTICE_MAX_LENGTH)
  sw?: string;
}

/**
 * Publishes a new version of a privacy notice (`PUT /api/v1/academies/:id/privacy-notice`): its text in one or more
 * of the six languages (plain paragraphs separated by blank lines; `## ` starts a heading, `- ` a list item).
 */
export class PublishNoticeDto {
  @ApiProperty({ type: NoticeBodiesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => NoticeBodiesDto)
  bodies: NoticeBodiesDto;
}

/** Acknowledges the version of the notice that was shown. */
export class AcknowledgeNoticeDto {
  @ApiProperty({ minimum: 1, description: 'The version shown (a newer one published meanwhile answers 409)' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version: number;
}

/** Withdraws a consent (`POST /api/v1/me/consents/withdraw`). */
export class WithdrawConsentDto {
  @ApiProperty({ enum: CONSENT_PURPOSES })
  @IsIn(CONSENT_PURPOSES)
  purpose: ConsentPurpose;
}
