/** Attempts: what a learner is shown (never the answers), autosave, the result, and the attempt with its feedback. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ATTEMPT_STATUSES, ITEM_TYPES, type AttemptsService, type ResultsService } from '@probity/assessments';
import { type Answer, DATE_TIME, UUID } from './common.response';

type AttemptRow = Answer<AttemptsService, 'get'>;
type AttemptResult = Answer<AttemptsService, 'submit'>;
type Feedback = Answer<ResultsService, 'feedback'>;

/** What an attempt showed of one item (frozen at start): the same in the start and the read of an attempt. */
type Shown = Answer<AttemptsService, 'start'>['items'][number];

export class ShownOptionResponseDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: 'In the cohort’s locale' })
  text: string;
}

/** An item as an attempt shows it: text in the cohort's locale, never the answers. */
export class ShownItemResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ enum: ITEM_TYPES })
  type: string;

  @ApiProperty()
  stem: string;

  @ApiProperty()
  maxPoints: number;

  @ApiPropertyOptional({ type: [ShownOptionResponseDto], description: 'In the order this attempt shows them' })
  options?: ShownOptionResponseDto[];
}

export class AttemptStartedResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty()
  number: number;

  @ApiProperty({ ...DATE_TIME, nullable: true, description: 'When the time limit ends' })
  deadline: Date | null;

  @ApiProperty({ type: [ShownItemResponseDto] })
  items: ShownItemResponseDto[];
}

export class SavedResponseDto {
  @ApiProperty(DATE_TIME)
  savedAt: Date;
}

export class AttemptResultResponseDto {
  @ApiProperty({ enum: ATTEMPT_STATUSES })
  status: string;

  @ApiPropertyOptional()
  score?: number;

  @ApiProperty()
  maxScore: number;

  @ApiPropertyOptional()
  percent?: number;

  @ApiPropertyOptional()
  passed?: boolean;
}

export class AnswerValueResponseDto {
  @ApiPropertyOptional({ type: [String] })
  optionIds?: string[];

  @ApiPropertyOptional()
  text?: string;

  @ApiPropertyOptional()
  value?: number;
}

export class SavedAnswerResponseDto {
  @ApiProperty(UUID)
  itemId: string;

  @ApiProperty({ type: AnswerValueResponseDto })
  value: AnswerValueResponseDto;
}

export class ItemFeedbackResponseDto {
  @ApiPropertyOptional({ ...UUID, description: 'Absent when the item was not answered' })
  responseId?: string;

  @ApiProperty(UUID)
  itemId: string;

  @ApiProperty({ type: Number, nullable: true })
  points: number | null;

  @ApiProperty()
  maxPoints: number;

  @ApiProperty({ type: [String], description: 'Feedback of the options chosen' })
  feedback: string[];

  @ApiProperty()
  explanation: string;

  @ApiProperty({ type: String, nullable: true, description: 'The grader’s comment' })
  comment: string | null;
}

export class AttemptResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty(UUID)
  cohortId: string;

  @ApiProperty(UUID)
  assessmentId: string;

  @ApiProperty()
  number: number;

  @ApiProperty({ enum: ATTEMPT_STATUSES })
  status: string;

  @ApiProperty(DATE_TIME)
  startedAt: Date;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  deadline: Date | null;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  submittedAt: Date | null;

  @ApiProperty({ type: [ShownItemResponseDto] })
  items: ShownItemResponseDto[];

  @ApiProperty({ type: [SavedAnswerResponseDto] })
  responses: SavedAnswerResponseDto[];

  @ApiProperty({ type: AttemptResultResponseDto })
  result: AttemptResultResponseDto;

  @ApiProperty({ description: 'Whether the learner sees results (staff always do)' })
  released: boolean;

  @ApiPropertyOptional({ type: [ItemFeedbackResponseDto], description: 'Once released and submitted: per-item points and feedback' })
  feedback?: ItemFeedbackResponseDto[];
}

function mapShown(item: Shown): ShownItemResponseDto {
  return {
    id: item.itemId,
    type: item.type,
    stem: item.stem,
    maxPoints: item.maxPoints,
    ...(item.options ? { options: item.options.map((o) => ({ id: o.id, text: o.text })) } : {}),
  };
}

export function mapAttemptStarted(attempt: Answer<AttemptsService, 'start'>): AttemptStartedResponseDto {
  return { id: attempt.id, number: attempt.number, deadline: attempt.deadline, items: attempt.items.map(mapShown) };
}

export function mapSaved(saved: Answer<AttemptsService, 'save'>): SavedResponseDto {
  return { savedAt: saved.savedAt };
}

export function mapAttemptResult(result: AttemptResult): AttemptResultResponseDto {
  return { status: result.status, score: result.score, maxScore: result.maxScore, percent: result.percent, passed: result.passed };
}

function mapFeedback(feedback: Feedback[number]): ItemFeedbackResponseDto {
  return {
    responseId: feedback.responseId,
    itemId: feedback.itemId,
    points: feedback.points,
    maxPoints: feedback.maxPoints,
    feedback: feedback.feedback,
    explanation: feedback.explanation,
    comment: feedback.comment,
  };
}

/** An attempt for its learner or the cohort's staff; `feedback` only once results are released and it was submitted. */
export function mapAttempt(attempt: AttemptRow, released: boolean, feedback?: Feedback): AttemptResponseDto {
  return {
    id: attempt.id,
    cohortId: attempt.cohortId,
    assessmentId: attempt.assessmentId,
    number: attempt.number,
    status: attempt.status,
    startedAt: attempt.startedAt,
    deadline: attempt.deadline,
    submittedAt: attempt.submittedAt,
    items: attempt.shown.map(mapShown),
    responses: attempt.responses.map((r) => ({ itemId: r.itemId, value: r.value })),
    result: mapAttemptResult(attempt.result),
    released,
    ...(feedback ? { feedback: feedback.map(mapFeedback) } : {}),
  };
}
