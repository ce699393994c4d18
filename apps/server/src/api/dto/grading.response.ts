/** Grading by hand: the queue, grades, an assessment’s settings in a cohort, marks and appeals. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPEAL_STATUSES, ATTEMPT_STATUSES, MARK_ROLES, type AppealsService, type GradingService } from '@probity/assessments';
import { type Answer, DATE_TIME, UUID } from './common.response';
import { RubricCriterionResponseDto } from './items.response';

type QueueRow = Answer<GradingService, 'queue'>['items'][number];
type SettingsRow = Answer<GradingService, 'configure'>;
type MarkRow = Answer<GradingService, 'marks'>[number];
type AppealRow = Answer<AppealsService, 'appeal'>;

export class QueueLearnerResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty()
  fullName: string;
}

export class QueueMarkResponseDto {
  @ApiProperty({ enum: MARK_ROLES })
  role: string;

  @ApiProperty({ description: 'The grader, by name' })
  grader: string;

  @ApiProperty()
  points: number;

  @ApiProperty({ type: [Number], nullable: true })
  rubricLevels: number[] | null;

  @ApiProperty({ type: String, nullable: true })
  comment: string | null;
}

export class QueueEntryResponseDto {
  @ApiProperty(UUID)
  responseId: string;

  @ApiProperty(UUID)
  attemptId: string;

  @ApiProperty(UUID)
  itemId: string;

  @ApiProperty()
  stem: string;

  @ApiProperty()
  answer: string;

  @ApiProperty({ type: [RubricCriterionResponseDto] })
  rubric: RubricCriterionResponseDto[];

  @ApiProperty()
  maxPoints: number;

  @ApiProperty({ description: '"Candidate N": identifies the answer when graded blind' })
  candidate: string;

  @ApiProperty({ enum: ['mark', 'second_mark', 'reconcile'] })
  stage: string;

  @ApiPropertyOptional({ type: [QueueMarkResponseDto], description: 'reconcile: the two independent marks' })
  marks?: QueueMarkResponseDto[];

  @ApiPropertyOptional({ type: QueueLearnerResponseDto, description: 'Absent when the assessment is graded blind' })
  learner?: QueueLearnerResponseDto;
}

export class GradingQueueResponseDto {
  @ApiProperty({ type: [QueueEntryResponseDto] })
  items: QueueEntryResponseDto[];
}

export class GradedAttemptResponseDto {
  @ApiProperty({ enum: ATTEMPT_STATUSES })
  status: string;

  @ApiProperty({ type: Number, nullable: true })
  percent: number | null;

  @ApiProperty({ type: Boolean, nullable: true })
  passed: boolean | null;
}

export class GradedResponseDto {
  @ApiPropertyOptional({ description: 'The final points, once decided' })
  points?: number;

  @ApiProperty({ enum: ['final', 'awaiting_second_mark', 'reconciliation'] })
  stage: string;

  @ApiProperty({ type: GradedAttemptResponseDto })
  attempt: GradedAttemptResponseDto;
}

export class AssessmentSettingsResponseDto {
  @ApiProperty(UUID)
  cohortId: string;

  @ApiProperty(UUID)
  assessmentId: string;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  opensAt: Date | null;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  closesAt: Date | null;

  @ApiProperty({ description: 'Two independent graders for every hand-graded answer (case exercises)' })
  secondMarking: boolean;

  @ApiProperty({ description: 'Largest difference of the two marks settled by averaging' })
  markingThreshold: number;
}

export class MarkResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty(UUID)
  responseId: string;

  @ApiProperty(UUID)
  graderId: string;

  @ApiProperty({ enum: MARK_ROLES })
  role: string;

  @ApiProperty()
  points: number;

  @ApiProperty({ type: [Number], nullable: true })
  rubricLevels: number[] | null;

  @ApiProperty({ type: String, nullable: true })
  comment: string | null;

  @ApiProperty(DATE_TIME)
  createdAt: Date;
}

export class AppealResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty(UUID)
  responseId: string;

  @ApiProperty(UUID)
  cohortId: string;

  @ApiProperty(UUID)
  userId: string;

  @ApiProperty()
  reason: string;

  @ApiProperty({ enum: APPEAL_STATUSES })
  status: string;

  @ApiProperty()
  pointsBefore: number;

  @ApiPropertyOptional({ type: Number, nullable: true })
  pointsAfter?: number | null;

  @ApiPropertyOptional({ ...UUID, nullable: true })
  decidedBy?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  decisionReason?: string | null;

  @ApiProperty(DATE_TIME)
  createdAt: Date;

  @ApiPropertyOptional({ ...DATE_TIME, nullable: true })
  decidedAt?: Date | null;
}

function mapQueueEntry(entry: QueueRow): QueueEntryResponseDto {
  return {
    responseId: entry.responseId,
    attemptId: entry.attemptId,
    itemId: entry.itemId,
    stem: entry.stem,
    answer: entry.answer,
    rubric: entry.rubric,
    maxPoints: entry.maxPoints,
    candidate: entry.candidate,
    stage: entry.stage,
    marks: entry.marks?.map((m) => ({
      role: m.role,
      grader: m.grader,
      points: m.points,
      rubricLevels: m.rubricLevels,
      comment: m.comment,
    })),
    learner: entry.learner ? { id: entry.learner.id, fullName: entry.learner.fullName } : undefined,
  };
}

export function mapGradingQueue(queue: Answer<GradingService, 'queue'>): GradingQueueResponseDto {
  return { items: queue.items.map(mapQueueEntry) };
}

export function mapGraded(graded: Answer<GradingService, 'grade'>): GradedResponseDto {
  return {
    points: graded.points,
    stage: graded.stage,
    attempt: { status: graded.attempt.status, percent: graded.attempt.percent, passed: graded.attempt.passed },
  };
}

export function mapAssessmentSettings(settings: SettingsRow): AssessmentSettingsResponseDto {
  return {
    cohortId: settings.cohortId,
    assessmentId: settings.assessmentId,
    opensAt: settings.opensAt,
    closesAt: settings.closesAt,
    secondMarking: settings.secondMarking,
    markingThreshold: settings.markingThreshold,
  };
}

export function mapMark(mark: MarkRow): MarkResponseDto {
  return {
    id: mark.id,
    responseId: mark.responseId,
    graderId: mark.graderId,
    role: mark.role,
    points: mark.points,
    rubricLevels: mark.rubricLevels,
    comment: mark.comment,
    createdAt: mark.createdAt,
  };
}

export function mapAppeal(appeal: AppealRow): AppealResponseDto {
  return {
    id: appeal.id,
    responseId: appeal.responseId,
    cohortId: appeal.cohortId,
    userId: appeal.userId,
    reason: appeal.reason,
    status: appeal.status,
    pointsBefore: appeal.pointsBefore,
    pointsAfter: appeal.pointsAfter,
    decidedBy: appeal.decidedBy,
    decisionReason: appeal.decisionReason,
    createdAt: appeal.createdAt,
    decidedAt: appeal.decidedAt,
  };
}
