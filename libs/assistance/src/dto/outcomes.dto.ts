import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { SURVEY_LIMITS, SurveyAnswerDto } from '@probity/evaluation';
import { LOCALES, type Locale } from '@probity/i18n';
import { IsOmittable, ListQueryDto } from '@probity/identity';
import { EVALUATION_RESPONDENTS, FOLLOW_UP_WAVES, RECOMMENDATION_STATES, type RecommendationState } from '../assistance-model';
import type { EvaluationRespondent } from '../entities/mission-record.entity';
import { REPORT_LIMITS } from '../mission-evaluations-model';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
/** Windows line ends made plain, outer spaces cut (long texts keep their inner lines). */
const text = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.replace(/\r\n/g, '\n').trim() : value);

/** One recommendation of a mission report: what, who owns it (a named body, an institution of the facility or both), by when. */
export class RecommendationInputDto {
  @ApiProperty({ maxLength: REPORT_LIMITS.recommendation, example: 'Adopt a written chain-of-custody form for seized drugs.' })
  @Transform(text)
  @IsString()
  @MinLength(1)
  @MaxLength(REPORT_LIMITS.recommendation)
  body: string;

  @ApiProperty({ maxLength: REPORT_LIMITS.owner, example: 'Anti-Drug Department, Ministry of Internal Affairs' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(REPORT_LIMITS.owner)
  owner: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'An institution of the facility that owns it: its focal points mark its progress (else the requesting institution’s)',
  })
  @IsOmittable()
  @IsUUID()
  ownerInstitutionId?: string;

  @ApiProperty({ type: String, format: 'date', example: '2027-06-30' })
  @IsDateString({ strict: true })
  @Matches(DAY)
  dueOn: string;
}

/** The body of `PUT /api/v1/assistance/missions/:id/report`: the whole draft (its recommendations replace the earlier ones). */
export class MissionReportDto {
  @ApiProperty({ enum: LOCALES, description: 'The language the report is written in' })
  @IsIn(LOCALES)
  locale: Locale;

  @ApiProperty({ maxLength: REPORT_LIMITS.text, description: 'What was done: sessions, visits, who took part' })
  @Transform(text)
  @IsString()
  @MaxLength(REPORT_LIMITS.text)
  activities: string;

  @ApiProperty({ maxLength: REPORT_LIMITS.text, description: 'What the experts found' })
  @Transform(text)
  @IsString()
  @MaxLength(REPORT_LIMITS.text)
  findings: string;

  @ApiProperty({ type: [RecommendationInputDto], maxItems: REPORT_LIMITS.recommendations })
  @IsArray()
  @ArrayMaxSize(REPORT_LIMITS.recommendations)
  @ValidateNested({ each: true })
  @Type(() => RecommendationInputDto)
  recommendations: RecommendationInputDto[];
}

/** The body of `PUT /api/v1/assistance/recommendations/:id/status`. */
export class RecommendationStatusDto {
  @ApiProperty({ enum: RECOMMENDATION_STATES })
  @IsIn(RECOMMENDATION_STATES)
  status: RecommendationState;

  @ApiProperty({ maxLength: REPORT_LIMITS.note, description: 'What was done, or what holds it up' })
  @Transform(text)
  @IsString()
  @MinLength(1)
  @MaxLength(REPORT_LIMITS.note)
  note: string;

  @ApiPropertyOptional({ enum: FOLLOW_UP_WAVES, description: 'The follow-up (months after the mission) this mark answers' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @IsIn(FOLLOW_UP_WAVES)
  wave?: 3 | 6;
}

export class RecommendationListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only the overdue ones' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: string;

  @ApiPropertyOptional({ enum: RECOMMENDATION_STATES })
  @IsOptional()
  @IsIn(RECOMMENDATION_STATES)
  status?: RecommendationState;

  @ApiPropertyOptional({ format: 'uuid', description: 'One mission’s' })
  @IsOptional()
  @IsUUID()
  missionId?: string;
}

/** The body of `POST /api/v1/assistance/missions/:id/evaluation`. */
export class MissionEvaluationDto {
  @ApiPropertyOptional({
    enum: EVALUATION_RESPONDENTS,
    description: 'As whom the caller answers, when invited in more than one capacity (else the one open invitation)',
  })
  @IsOmittable()
  @IsIn(EVALUATION_RESPONDENTS)
  respondent?: EvaluationRespondent;

  @ApiProperty({ type: [SurveyAnswerDto] })
  @IsArray()
  @ArrayMaxSize(SURVEY_LIMITS.items)
  @ValidateNested({ each: true })
  @Type(() => SurveyAnswerDto)
  answers: SurveyAnswerDto[];
}
