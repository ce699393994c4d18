import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { LOCALES } from '@probity/i18n';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '../entities/session.entity';
import { EXCUSED_RULES, type ExcusedRule } from '../entities/cohort.entity';

export class CompletionRulesDto {
  @ApiPropertyOptional({ default: 80, minimum: 0, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100)
  minAttendancePercent?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  requireAllLessons?: boolean;

  @ApiPropertyOptional({ enum: EXCUSED_RULES, default: 'exclude', description: 'How an excused absence counts' })
  @IsOptional()
  @IsIn(EXCUSED_RULES)
  excused?: ExcusedRule;

  @ApiPropertyOptional({ description: 'Default: every post-test and case exercise of the version', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  requiredAssessmentIds?: string[];
}

export class CreateCohortDto {
  @ApiProperty()
  @IsUUID()
  courseVersionId: string;

  @ApiProperty({ example: 'Tbilisi, spring 2027' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: LOCALES, description: 'The language the cohort is taught in' })
  @IsIn(LOCALES)
  locale: string;

  @ApiProperty({ example: '2027-03-01' })
  @IsDateString({ strict: true })
  startsOn: string;

  @ApiProperty({ example: '2027-04-30' })
  @IsDateString({ strict: true })
  endsOn: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  trainerIds: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  partnerAcademyIds?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 10000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(300)
  venue?: string;

  @ApiPropertyOptional({ type: CompletionRulesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CompletionRulesDto)
  completion?: CompletionRulesDto;
}

export class EnrolDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  userIds: string[];
}

export class WithdrawDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class CreateSessionDto {
  @ApiProperty({ example: '2027-03-02T06:00:00Z' })
  @IsISO8601({ strict: true })
  startsAt: string;

  @ApiProperty({ example: '2027-03-02T13:00:00Z' })
  @IsISO8601({ strict: true })
  endsAt: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(300)
  venue?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;
}

export class AttendanceRecordDto {
  @ApiProperty()
  @IsUUID()
  userId: string;

  @ApiProperty({ enum: ATTENDANCE_STATUSES })
  @IsIn(ATTENDANCE_STATUSES)
  status: AttendanceStatus;
}

export class AttendanceDto {
  @ApiProperty({ type: [AttendanceRecordDto] })
  @IsArray()
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => AttendanceRecordDto)
  records: AttendanceRecordDto[];
}

export class RequiredAssessmentsDto {
  @ApiProperty({ type: [String], nullable: true, description: 'null: the defaults (every post-test and case exercise)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  requiredAssessmentIds: string[] | null;
}
