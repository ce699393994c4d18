/** Retention periods per academy and the nightly runs' report (issue 16 point 4). */
import { ApiProperty } from '@nestjs/swagger';
import { RETENTION_LIMITS, type RetentionSettings } from '@probity/privacy';
import { DATE_TIME, UUID } from './common.response';

export class RetentionRunResponseDto {
  @ApiProperty(UUID) id: string;
  @ApiProperty(DATE_TIME) ranAt: string;
  @ApiProperty({ description: 'Answer texts deleted in cohorts that ended longer ago than the period' }) answerTextsCleared: number;
  @ApiProperty({ description: 'People erased (pseudonymised) because they had not signed in for longer than the period' })
  accountsErased: number;
}

export class RetentionResponseDto {
  @ApiProperty(UUID) academyId: string;

  @ApiProperty({
    minimum: RETENTION_LIMITS.answerTextsYears.min,
    maximum: RETENTION_LIMITS.answerTextsYears.max,
    description: 'Years after a cohort ended that its attempts’ answer texts are kept',
  })
  answerTextsYears: number;

  @ApiProperty({
    minimum: RETENTION_LIMITS.inactiveAccountYears.min,
    maximum: RETENTION_LIMITS.inactiveAccountYears.max,
    description: 'Years after a person last signed in (or their account was made) that the account is kept',
  })
  inactiveAccountYears: number;

  @ApiProperty({ description: 'False while the academy keeps Probity’s defaults (it never set its own periods)' })
  custom: boolean;

  @ApiProperty({ ...DATE_TIME, nullable: true }) updatedAt: string | null;

  @ApiProperty({ ...UUID, nullable: true, description: 'Who set the periods last' }) updatedBy: string | null;

  @ApiProperty({ type: [RetentionRunResponseDto], description: 'The latest nightly runs for the academy, the newest first' })
  runs: RetentionRunResponseDto[];
}

export function mapRetention(settings: RetentionSettings): RetentionResponseDto {
  const { periods } = settings;
  return {
    academyId: periods.academyId,
    answerTextsYears: periods.answerTextsYears,
    inactiveAccountYears: periods.inactiveAccountYears,
    custom: periods.custom,
    updatedAt: periods.updatedAt ? new Date(periods.updatedAt).toISOString() : null,
    updatedBy: periods.updatedBy,
    runs: settings.runs.map((r) => ({
      id: r.id,
      ranAt: new Date(r.ranAt).toISOString(),
      answerTextsCleared: r.answerTextsCleared,
      accountsErased: r.accountsErased,
    })),
  };
}
