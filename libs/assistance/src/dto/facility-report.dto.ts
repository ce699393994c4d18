import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDateString, IsIn, IsOptional, Matches } from 'class-validator';
import { LOCALES } from '@probity/i18n';
import { TOPICS, type Topic } from '../assistance-model';

/** An empty query parameter (`?from=`, a form's empty field) is a parameter not given. */
const emptyIsAbsent = ({ value }: { value: unknown }): unknown =>
  value === '' ? undefined : typeof value === 'string' ? value.trim() || undefined : value;

/** The filters of the facility's report: the same for the JSON answer, its exports and the dashboard page. */
export class FacilityReportQueryDto {
  @ApiPropertyOptional({ example: '2027-01-01', description: 'First day of the period (calendar days in UTC); open when left out' })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  from?: string;

  @ApiPropertyOptional({ example: '2027-12-31', description: 'Last day of the period, not before `from`; open when left out' })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  to?: string;

  @ApiPropertyOptional({
    example: 'GE',
    description:
      'Requests of institutions of this country (ISO 3166-1 alpha-2): a national institution of it, or a regional organisation it is a member of',
  })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  country?: string;

  @ApiPropertyOptional({ enum: TOPICS, description: 'Requests of this topic only' })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @IsIn(TOPICS)
  topic?: Topic;

  @ApiPropertyOptional({ enum: LOCALES, description: 'The language of labels and of exported files (`?lang=` wins)' })
  @IsOptional()
  @IsIn(LOCALES)
  lang?: string;
}
