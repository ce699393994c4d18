/** Results: release, the gradebook with knowledge gain, and item analysis. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ASSESSMENT_KINDS, SCORE_POLICIES, type ResultsService } from '@probity/assessments';
import { type Answer, DATE_TIME, UUID } from './common.response';

type Gradebook = Answer<ResultsService, 'gradebook'>;

export class ReleasedResponseDto {
  @ApiProperty(DATE_TIME)
  releasedAt: Date;
}

export class GradebookAssessmentResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ enum: ASSESSMENT_KINDS })
  kind: string;

  @ApiProperty({ description: 'In the cohort’s locale' })
  title: string;

  @ApiProperty({ enum: SCORE_POLICIES })
  policy: string;
}

export class GradebookCellResponseDto {
  @ApiProperty({ description: 'Attempts handed in' })
  attempts: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Of the attempt that counts' })
  percent: number | null;

  @ApiProperty({ type: Boolean, nullable: true })
  passed: boolean | null;

  @ApiProperty({ enum: ['graded', 'awaiting_grading', 'not_taken'] })
  status: string;
}

export class GainResponseDto {
  @ApiProperty()
  pre: number;

  @ApiProperty()
  post: number;

  @ApiProperty()
  gain: number;

  @ApiPropertyOptional({ description: '(post − pre) / (100 − pre); absent when pre is 100' })
  normalisedGain?: number;
}

export class GradebookRowResponseDto {
  @ApiProperty(UUID)
  userId: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ description: 'The enrolment’s status' })
  status: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/GradebookCellResponseDto' },
    description: 'By assessment id',
  })
  assessments: Record<string, GradebookCellResponseDto>;

  @ApiPropertyOptional({ type: GainResponseDto, description: 'When the learner sat the pre-test and the post-test' })
  gain?: GainResponseDto;
}

export class KnowledgeGainResponseDto {
  @ApiProperty({ description: 'Learners who sat both tests' })
  learners: number;

  @ApiPropertyOptional()
  meanPre?: number;

  @ApiPropertyOptional()
  meanPost?: number;

  @ApiPropertyOptional()
  meanGain?: number;

  @ApiPropertyOptional()
  meanNormalisedGain?: number;
}

export class GradebookResponseDto {
  @ApiProperty({ type: [GradebookAssessmentResponseDto] })
  assessments: GradebookAssessmentResponseDto[];

  @ApiProperty({ type: [GradebookRowResponseDto] })
  rows: GradebookRowResponseDto[];

  @ApiProperty({ type: KnowledgeGainResponseDto })
  knowledgeGain: KnowledgeGainResponseDto;
}

export class ItemAnalysisResponseDto {
  @ApiProperty(UUID)
  itemId: string;

  @ApiProperty()
  responses: number;

  @ApiProperty({ description: 'Mean share of the item’s points earned' })
  facility: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Point-biserial (item-rest) correlation' })
  discrimination: number | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'integer' }, description: 'How often each option was chosen' })
  options?: Record<string, number>;

  @ApiProperty({ type: [String], example: ['too_hard'], description: 'too_hard, too_easy, low_discrimination' })
  flags: string[];
}

export class AssessmentAnalysisResponseDto {
  @ApiProperty({ description: 'Graded attempts counted' })
  attempts: number;

  @ApiProperty({ type: [ItemAnalysisResponseDto] })
  items: ItemAnalysisResponseDto[];
}

export function mapReleased(release: Answer<ResultsService, 'release'>): ReleasedResponseDto {
  return { releasedAt: release.releasedAt };
}

export function mapGradebook(book: Gradebook): GradebookResponseDto {
  return {
    assessments: book.assessments.map((a) => ({ id: a.id, kind: a.kind, title: a.title, policy: a.policy })),
    rows: book.rows.map((r) => ({
      userId: r.userId,
      fullName: r.fullName,
      email: r.email,
      status: r.status,
      assessments: Object.fromEntries(
        Object.entries(r.assessments).map(([id, c]) => [
          id,
          { attempts: c.attempts, percent: c.percent, passed: c.passed, status: c.status },
        ]),
      ),
      gain: r.gain ? { pre: r.gain.pre, post: r.gain.post, gain: r.gain.gain, normalisedGain: r.gain.normalisedGain } : undefined,
    })),
    knowledgeGain: {
      learners: book.knowledgeGain.learners,
      meanPre: book.knowledgeGain.meanPre,
      meanPost: book.knowledgeGain.meanPost,
      meanGain: book.knowledgeGain.meanGain,
      meanNormalisedGain: book.knowledgeGain.meanNormalisedGain,
    },
  };
}

export function mapItemAnalysis(analysis: Answer<ResultsService, 'itemAnalysis'>): AssessmentAnalysisResponseDto {
  return {
    attempts: analysis.attempts,
    items: analysis.items.map((i) => ({
      itemId: i.itemId,
      responses: i.responses,
      facility: i.facility,
      discrimination: i.discrimination,
      options: i.options,
      flags: i.flags,
    })),
  };
}
