import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { type Cohort, CohortsService, type RosterEntry } from '@probity/cohorts';
import { Forbidden, NotFound, negotiate, pick } from '@probity/i18n';
import type { AuthUser } from '@probity/identity';
import { type Gain, type ItemAnalysis, analyseItems, cohortGain, gain } from './analysis';
import type { Attempt } from './entities/attempt.entity';
import { AttemptsService } from './attempts.service';
import type { FrozenAssessment } from './items.service';
import type { ItemContent } from './item-model';
import { AttemptRepository, type HandedInRow } from './repositories/attempt.repository';
import { GradingRepository } from './repositories/grading.repository';
import { scoreResponse } from './scoring';

export interface GradebookRow {
  userId: string;
  fullName: string;
  email: string;
  status: string;
  assessments: Record<string, { attempts: number; percent: number | null; passed: boolean | null; status: string }>;
  gain?: Gain;
}

/** Release of results, per-item feedback, the gradebook (with knowledge gain) and item statistics of a cohort's assessments. */
@Injectable()
export class ResultsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cohorts: CohortsService,
    private readonly attempts: AttemptsService,
    private readonly attemptRepository: AttemptRepository,
    private readonly grading: GradingRepository,
  ) {}

  private async staffCohort(actor: AuthUser, cohortId: string): Promise<Cohort> {
    const access = await this.cohorts.access(actor, cohortId);
    if (!access.staff) throw new Forbidden();
    return access.cohort;
  }

  private assessments(manager: EntityManager, cohort: Cohort): Promise<FrozenAssessment[]> {
    return this.attempts.frozenAssessments(cohort, manager);
  }

  private assessment(manager: EntityManager, cohort: Pick<Cohort, 'courseVersionId'>, assessmentId: string): Promise<FrozenAssessment> {
    return this.attempts.frozen(manager, cohort, assessmentId);
  }

  /** From now on the cohort's learners see their points, feedback and explanations for this assessment. */
  async release(actor: AuthUser, cohortId: string, assessmentId: string): Promise<{ releasedAt: Date }> {
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.staffCohort(actor, cohortId);
      await this.assessment(manager, cohort, assessmentId);
      const existing = await this.grading.findRelease(cohortId, assessmentId, manager);
      if (existing) return { releasedAt: existing.releasedAt };
      const release = await this.grading.addRelease(manager, cohortId, assessmentId, actor.id);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: cohort.academyId,
        action: 'assessment.released',
        entityType: 'assessment',
        entityId: assessmentId,
        after: { cohortId },
      });
      return { releasedAt: release.releasedAt };
    });
  }

  async released(cohortId: string, assessmentId: string): Promise<boolean> {
    return this.grading.isReleased(cohortId, assessmentId);
  }

  /** Per-item points, feedback and explanation of an attempt, for its learner once released (staff always). */
  async feedback(
    attempt: Attempt,
    locale: string,
  ): Promise<
    {
      responseId?: string;
      itemId: string;
      points: number | null;
      maxPoints: number;
      feedback: string[];
      explanation: string;
      comment: string | null;
    }[]
  > {
    // The caller has decided access to the attempt; its cohort is read from its owner.
    const cohort = await this.cohorts.find(attempt.cohortId);
    if (!cohort) throw new NotFound('cohort');
    const assessment = await this.assessment(this.dataSource.manager, cohort, attempt.assessmentId);
    const responses = await this.attemptRepository.responses(attempt.id);
    const lang = negotiate(locale, cohort.locale);
    return attempt.shown.map((shown) => {
      const content = assessment.items.find((i) => i.itemId === shown.itemId)?.content as ItemContent;
      const response = responses.find((r) => r.itemId === shown.itemId);
      const chosen = scoreResponse(content, response?.value).feedbackOptionIds ?? [];
      return {
        responseId: response?.id,
        itemId: shown.itemId,
        points: response?.points ?? null,
        maxPoints: shown.maxPoints,
        feedback: (content.options ?? []).filter((o) => chosen.includes(o.id) && o.feedback).map((o) => pick(o.feedback, lang).text),
        explanation: content.explanation ? pick(content.explanation, lang).text : '',
        comment: response?.comment ?? null,
      };
    });
  }

  /** Per learner: each assessment's counted attempt (best or last, per its policy), pass, completion; knowledge gain. */
  /** `roster`: the cohort's roster when the caller already has it (the cohort page), read again otherwise. */
  async gradebook(
    actor: AuthUser,
    cohortId: string,
    roster?: { cohort: Cohort; items: RosterEntry[] },
  ): Promise<{
    assessments: { id: string; kind: string; title: string; policy: string }[];
    rows: GradebookRow[];
    knowledgeGain: ReturnType<typeof cohortGain>;
  }> {
    const { cohort, items } = roster
      ? { cohort: roster.cohort, items: roster.items.filter((i) => i.status !== 'withdrawn') }
      : await this.cohorts.roster(actor, cohortId, { includeWithdrawn: false });
    const assessments = await this.assessments(this.dataSource.manager, cohort);
    const attempts = await this.attemptRepository.handedIn(cohortId);
    // One pass over the attempts (ordered by number) instead of a search per learner and assessment.
    const byLearner = new Map<string, HandedInRow[]>();
    for (const t of attempts) {
      const key = `${t.user_id}:${t.assessment_id}`;
      const list = byLearner.get(key);
      if (list) list.push(t);
      else byLearner.set(key, [t]);
    }
    const locale = negotiate(cohort.locale);
    const pre = assessments.find((a) => a.kind === 'pre_test');
    const post = assessments.filter((a) => a.kind === 'post_test').at(-1);
    const gains: Gain[] = [];
    const rows = items.map((entry): GradebookRow => {
      const row: GradebookRow = {
        userId: entry.userId,
        fullName: entry.fullName,
        email: entry.email,
        status: entry.status,
        assessments: {},
      };
      for (const a of assessments) {
        const mine = byLearner.get(`${entry.userId}:${a.id}`) ?? [];
        const graded = mine.filter((t) => t.status === 'graded');
        const counted = a.policy === 'last' ? graded.at(-1) : graded.sort((x, y) => Number(y.percent) - Number(x.percent))[0];
        row.assessments[a.id] = {
          attempts: mine.length,
          percent: counted ? Number(counted.percent) : null,
          passed: counted ? Boolean(counted.passed) : null,
          status: counted ? 'graded' : mine.some((t) => t.status === 'awaiting_grading') ? 'awaiting_grading' : 'not_taken',
        };
      }
      const p = pre && row.assessments[pre.id].percent;
      const q = post && row.assessments[post.id].percent;
      if (typeof p === 'number' && typeof q === 'number') {
        row.gain = gain(p, q);
        gains.push(row.gain);
      }
      return row;
    });
    return {
      assessments: assessments.map((a) => ({ id: a.id, kind: a.kind, title: pick(a.title, locale).text, policy: a.policy })),
      rows,
      knowledgeGain: cohortGain(gains),
    };
  }

  /** Facility, discrimination and option frequencies of an assessment's items over the cohort's graded attempts. */
  async itemAnalysis(actor: AuthUser, cohortId: string, assessmentId: string): Promise<{ attempts: number; items: ItemAnalysis[] }> {
    const { attempts, items } = await this.analysis(actor, cohortId, assessmentId);
    return { attempts, items };
  }

  /** The item analysis with the frozen assessment it describes (titles, stems, options: the analysis page). */
  async analysis(
    actor: AuthUser,
    cohortId: string,
    assessmentId: string,
  ): Promise<{ assessment: FrozenAssessment; attempts: number; items: ItemAnalysis[] }> {
    const cohort = await this.staffCohort(actor, cohortId);
    const assessment = await this.assessment(this.dataSource.manager, cohort, assessmentId);
    const rows = await this.attemptRepository.gradedResponses(cohortId, assessmentId);
    const byAttempt = new Map<string, { items: Record<string, { fraction: number; optionIds?: string[] }> }>();
    for (const r of rows) {
      const entry = byAttempt.get(r.attempt_id) ?? { items: {} };
      entry.items[r.item_id] = {
        fraction: Number(r.max_points) > 0 ? Number(r.points ?? 0) / Number(r.max_points) : 0,
        optionIds: r.value.optionIds,
      };
      byAttempt.set(r.attempt_id, entry);
    }
    return {
      assessment,
      attempts: byAttempt.size,
      items: analyseItems(
        assessment.items.map((i) => i.itemId),
        [...byAttempt.values()],
      ),
    };
  }
}
