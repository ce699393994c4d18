import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDateString, IsIn, IsOptional, Matches } from 'class-validator';
import { TOPICS, type Topic } from '@probity/assistance';
import { LOCALES } from '@probity/i18n';

/** An empty query parameter (`?from=`, a form's empty field) is a parameter not given. */
const emptyIsAbsent = ({ value }: { value: unknown }): unknown =>
  value === '' ? undefined : typeof value === 'string' ? value.trim() || undefined : value;

/** The filters of the cooperation report: the same for the JSON answer, its exports and the page. */
export class CooperationReportQueryDto {
  @ApiPropertyOptional({
    example: '2026-01-01',
    description: 'First day of the period (initiatives by their last day); open when left out',
  })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Last day of the period, not before `from`; open when left out' })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  to?: string;

  @ApiPropertyOptional({
    example: 'GE',
    description:
      'Initiatives in which an institution of this country took part (ISO 3166-1 alpha-2): a national institution of it, or a regional organisation it is a member of',
  })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  country?: string;

  @ApiPropertyOptional({ enum: TOPICS, description: 'Initiatives of this topic only' })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @IsIn(TOPICS)
  topic?: Topic;

  @ApiPropertyOptional({ enum: LOCALES, description: 'The language of labels and of exported files (`?lang=` wins)' })
  @IsOptional()
  @IsIn(LOCALES)
  lang?: string;
}
