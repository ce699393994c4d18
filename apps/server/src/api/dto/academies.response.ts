import { ApiProperty } from '@nestjs/swagger';
import type { LocaleMap } from '@probity/i18n';
import type { AcademyView, Page } from '@probity/identity';
import { DATE_TIME, LOCALE, LOCALE_MAP, UUID } from './common.response';

export class AcademyResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ example: 'GE', description: 'Short upper-case code used in serials and key ids' })
  code: string;

  @ApiProperty(LOCALE_MAP)
  name: LocaleMap;

  @ApiProperty({ example: 'GE', description: 'ISO 3166-1 alpha-2' })
  country: string;

  @ApiProperty(LOCALE)
  defaultLocale: string;

  @ApiProperty({ description: 'Question items need a second person’s approval before publishing' })
  itemReview: boolean;

  @ApiProperty({ example: 'Asia/Tbilisi', description: 'IANA time zone of session times and certificate dates' })
  timeZone: string;

  @ApiProperty(DATE_TIME)
  createdAt: Date;
}

export class AcademyPageResponseDto {
  @ApiProperty({ type: [AcademyResponseDto] })
  items: AcademyResponseDto[];

  @ApiProperty()
  total: number;
}

export function mapAcademy(academy: AcademyView): AcademyResponseDto {
  return {
    id: academy.id,
    code: academy.code,
    name: academy.name,
    country: academy.country,
    defaultLocale: academy.defaultLocale,
    itemReview: academy.itemReview,
    timeZone: academy.timeZone,
    createdAt: academy.createdAt,
  };
}

export function mapAcademyPage(page: Page<AcademyView>): AcademyPageResponseDto {
  return { items: page.items.map(mapAcademy), total: page.total };
}
