import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDateString, IsIn, IsNumber, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { LOCALES } from '@probity/i18n';
import { BREAKDOWNS, type Breakdown, DEFAULT_MARGIN } from '../reports-model';

/** An empty query parameter (`?from=`, a form's empty field) is a parameter not given. */
const emptyIsAbsent = ({ value }: { value: unknown }): unknown => (value === '' ? undefined : value);
/** A number given as text (a query string); text that is no number stays text, and fails the number check. */
const numberOrAbsent = ({ value }: { value: unknown }): unknown =>
  value === '' ? undefined : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;

/** The filters of the training report: the same for the JSON answer, its exports and its page. */
export class TrainingReportQueryDto {
  @ApiPropertyOptional({
    description: 'Count the people of this academy (their own academy, wherever they trained). Academy administrators: their own only',
  })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @IsUUID('all')
  academyId?: string;

  @ApiPropertyOptional({
    example: '2026-01-01',
    description: 'First day of the period (in each person’s academy’s time zone); open when left out',
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

  @ApiPropertyOptional({ enum: BREAKDOWNS, description: 'The breakdown of `rows`; without it, only the totals' })
  @Transform(emptyIsAbsent)
  @IsOptional()
  @IsIn(BREAKDOWNS)
  by?: Breakdown;

  @ApiPropertyOptional({
    default: DEFAULT_MARGIN,
    minimum: 0,
    maximum: 100,
    description: 'Percentage points by which the post-test must exceed the pre-test for a person to count as improved',
  })
  @Transform(numberOrAbsent)
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  margin?: number;

  @ApiPropertyOptional({ enum: LOCALES, description: 'The language of labels and of exported files (API.md: `?lang=` wins)' })
  @IsOptional()
  @IsIn(LOCALES)
  lang?: string;
}
