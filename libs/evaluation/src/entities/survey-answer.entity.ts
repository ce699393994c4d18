import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { StoredAnswers } from '../survey-model';

/**
 * Anonymity by construction (ADR 0010): that a person answered, and what was answered, are two rows with nothing
 * in common. This one says who answered, and only on which day; it holds no answer and no reference to one. Its
 * primary key makes a second answer impossible.
 */
@Entity('survey_invitations')
export class SurveyInvitation {
  @PrimaryColumn({ type: 'uuid', name: 'cohort_survey_id' })
  cohortSurveyId: string;

  /** The person (identity's; foreign key `survey_invitations_user_fk` in the migration). */
  @PrimaryColumn({ type: 'uuid', name: 'user_id' })
  userId: string;

  @Column({ type: 'date', name: 'answered_on' })
  answeredOn: string;
}

/**
 * The answers, without a person: a random id (uuid v4), the survey, the answers. No user, no time, no sequence.
 * Written in the invitation's transaction; never updated, never listed in the order written.
 */
@Entity('survey_responses')
@Index('survey_responses_survey', ['cohortSurveyId'])
export class SurveyResponse {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' })
  id: string;

  @Column({ type: 'uuid', name: 'cohort_survey_id' })
  cohortSurveyId: string;

  /** Item id → a number (Likert value 1–5, option number 1…n) or a text. */
  @Column({ type: 'jsonb' })
  answers: StoredAnswers;
}
