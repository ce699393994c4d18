/** Who is in a cohort and how far they are: enrolment, the roster with progress, attendance, lessons done, a learner’s own cohorts. */
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  ENROLMENT_STATUSES,
  type AttendanceService,
  type EnrolmentsService,
  type ProgressService,
  type RosterEntry,
  type SkippedEnrolment,
} from '@probity/cohorts';
import { type Answer, DATE_TIME, UUID, UUIDS } from './common.response';
import { SessionResponseDto, mapSession } from './cohorts.response';

export class SkippedEnrolmentResponseDto {
  @ApiPropertyOptional(UUID)
  userId?: string;

  @ApiPropertyOptional({ description: 'The address as given (imports by email)' })
  email?: string;

  @ApiProperty({ example: 'already_enrolled' })
  reason: string;

  @ApiProperty({ description: 'The reason in the caller’s language' })
  message: string;
}

export class EnrolResponseDto {
  @ApiProperty({ ...UUIDS, description: 'People enrolled now' })
  enrolled: string[];

  @ApiProperty({ type: [SkippedEnrolmentResponseDto] })
  skipped: SkippedEnrolmentResponseDto[];
}

export class ProgressResponseDto {
  @ApiProperty()
  lessonsDone: number;

  @ApiProperty()
  lessonsTotal: number;

  @ApiProperty({ description: 'Over held sessions, as the cohort counts excused absences' })
  attendancePercent: number;

  @ApiProperty()
  assessmentsPassed: number;

  @ApiProperty()
  assessmentsRequired: number;
}

const UNMET: ApiPropertyOptions = {
  type: [String],
  description: 'Rules not met yet: attendance, sessions_pending, lessons, assessment:<id>',
  example: ['attendance', 'lessons'],
};

export class RosterEntryResponseDto {
  @ApiProperty(UUID)
  enrolmentId: string;

  @ApiProperty(UUID)
  userId: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ ...UUID, nullable: true })
  academyId: string | null;

  @ApiProperty({ type: String, nullable: true })
  agency: string | null;

  @ApiProperty({ enum: ENROLMENT_STATUSES })
  status: string;

  @ApiProperty(DATE_TIME)
  enrolledAt: Date;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  completedAt: Date | null;

  @ApiProperty({ type: ProgressResponseDto })
  progress: ProgressResponseDto;

  @ApiProperty(UNMET)
  unmet: string[];

  @ApiProperty({ description: 'In progress and behind on attendance or lessons' })
  atRisk: boolean;
}

export class RosterResponseDto {
  @ApiProperty({ type: [RosterEntryResponseDto], description: 'Every enrolment period, withdrawn ones too' })
  items: RosterEntryResponseDto[];

  @ApiProperty()
  total: number;
}

export class WithdrawnResponseDto {
  @ApiProperty({ ...UUID, description: 'The learner withdrawn' })
  withdrawn: string;
}

export class AttendanceSavedResponseDto {
  @ApiProperty({ description: 'Marks saved' })
  saved: number;
}

export class LessonCompletedResponseDto {
  @ApiProperty()
  lessonsDone: number;

  @ApiProperty()
  lessonsTotal: number;

  @ApiProperty({ enum: ENROLMENT_STATUSES, description: 'The enrolment now: completed when that was the last rule' })
  status: string;
}

export class MyCohortResponseDto {
  @ApiProperty(UUID)
  cohortId: string;

  @ApiProperty()
  name: string;

  @ApiProperty(UUID)
  courseVersionId: string;

  @ApiProperty({ enum: ENROLMENT_STATUSES })
  status: string;

  @ApiProperty({ type: ProgressResponseDto })
  progress: ProgressResponseDto;

  @ApiProperty(UNMET)
  unmet: string[];

  @ApiProperty({ type: SessionResponseDto, nullable: true })
  nextSession: SessionResponseDto | null;
}

export class MyCohortsResponseDto {
  @ApiProperty({ type: [MyCohortResponseDto] })
  items: MyCohortResponseDto[];
}

/** Enrolments made and skipped; `skipped` carries each reason's message in the caller's language. */
export function mapEnrolment(result: { enrolled: string[]; skipped: (SkippedEnrolment & { message: string })[] }): EnrolResponseDto {
  return {
    enrolled: result.enrolled,
    skipped: result.skipped.map((s) => ({ userId: s.userId, email: s.email, reason: s.reason, message: s.message })),
  };
}

function mapProgress(progress: RosterEntry['progress']): ProgressResponseDto {
  return {
    lessonsDone: progress.lessonsDone,
    lessonsTotal: progress.lessonsTotal,
    attendancePercent: progress.attendancePercent,
    assessmentsPassed: progress.assessmentsPassed,
    assessmentsRequired: progress.assessmentsRequired,
  };
}

export function mapRosterEntry(entry: RosterEntry): RosterEntryResponseDto {
  return {
    enrolmentId: entry.enrolmentId,
    userId: entry.userId,
    fullName: entry.fullName,
    email: entry.email,
    academyId: entry.academyId,
    agency: entry.agency,
    status: entry.status,
    enrolledAt: entry.enrolledAt,
    completedAt: entry.completedAt,
    progress: mapProgress(entry.progress),
    unmet: entry.unmet,
    atRisk: entry.atRisk,
  };
}

export function mapRoster(items: Answer<EnrolmentsService, 'roster'>['items']): RosterResponseDto {
  return { items: items.map(mapRosterEntry), total: items.length };
}

export function mapWithdrawn(userId: string): WithdrawnResponseDto {
  return { withdrawn: userId };
}

export function mapAttendanceSaved(result: Answer<AttendanceService, 'saveAttendance'>): AttendanceSavedResponseDto {
  return { saved: result.saved };
}

export function mapLessonCompleted(result: Answer<ProgressService, 'completeLesson'>): LessonCompletedResponseDto {
  return { lessonsDone: result.lessonsDone, lessonsTotal: result.lessonsTotal, status: result.status };
}

export function mapMyCohorts(mine: Answer<ProgressService, 'mine'>): MyCohortsResponseDto {
  return {
    items: mine.map(({ cohort, entry, nextSession }) => ({
      cohortId: cohort.id,
      name: cohort.name,
      courseVersionId: cohort.courseVersionId,
      status: entry.status,
      progress: mapProgress(entry.progress),
      unmet: entry.unmet,
      nextSession: nextSession ? mapSession(nextSession) : null,
    })),
  };
}
