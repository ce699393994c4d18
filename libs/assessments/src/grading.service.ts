import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { type Cohort, CohortsService } from '@probity/cohorts';
import { Conflict, Forbidden, NotFound, ValidationFailed, negotiate, pick, validated } from '@probity/i18n';
import type { AuthUser } from '@probity/identity';
import { AssessmentSettingsDto, GradeDto } from './dto/assessments.dto';
import type { Attempt } from './entities/attempt.entity';
import type { CohortAssessmentSettings, Mark, MarkRole } from './entities/grading.entity';
import { AttemptsService, settle } from './attempts.service';
import type { FrozenAssessment } from './items.service';
import type { ItemContent, RubricCriterion } from './item-model';
import { AttemptRepository } from './repositories/attempt.repository';
import { GradingRepository } from './repositories/grading.repository';
import { rubricPoints } from './scoring';

export interface QueueEntry {
  responseId: string;
  attemptId: string;
  itemId: string;
  stem: string;
  answer: string;
  rubric: RubricCriterion[];
  maxPoints: number;
  /** mark: first (or only) mark; second_mark: an independent second mark; reconcile: the two marks differ too much. */
  stage: 'mark' | 'second_mark' | 'reconcile';
  /** Absent when the assessment is graded blind: then only `candidate` identifies the answer. */
  learner?: { id: string; fullName: string };
  candidate: string;
  /** reconcile: the two independent marks, side by side for whoever agrees the grade. */
  marks?: { role: string; grader: string; points: number; rubricLevels: number[] | null; comment: string | null }[];
}

/** Grading by hand: the queue, blind candidate numbers, an assessment's settings in a cohort, marks, second marking. */
@Injectable()
export class GradingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cohorts: CohortsService,
    private readonly attempts: AttemptsService,
    private readonly attemptRepository: AttemptRepository,
    private readonly repository: GradingRepository,
    config: ConfigService,
  ) {
    this.blindKey = createHmac('sha256', config.getOrThrow<string>('PROBITY_SECRET')).update('probity/blind-grading/v1').digest();
  }

  private readonly blindKey: Buffer;

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

  /** Answers waiting for a grader, anonymised as "Candidate N" when the assessment is graded blind. */
  async queue(actor: AuthUser, cohortId: string): Promise<{ items: QueueEntry[] }> {
    const cohort = await this.staffCohort(actor, cohortId);
    const assessments = new Map((await this.assessments(this.dataSource.manager, cohort)).map((a) => [a.id, a]));
    const rows = await this.repository.queue(cohortId, actor.id);
    const locale = negotiate(cohort.locale);
    const candidate = await this.candidateNumbers(cohortId, [...new Set(rows.map((r) => r.assessment_id))]);
    return {
      items: rows.flatMap((row): QueueEntry[] => {
        const assessment = assessments.get(row.assessment_id);
        const content = assessment?.items.find((i) => i.itemId === row.item_id)?.content;
        // Second marking is independent: whoever gave the first mark waits for someone else's.
        if (!assessment || !content || (row.marks === 1 && row.mine_first)) return [];
        return [
          {
            responseId: row.response_id,
            attemptId: row.attempt_id,
            itemId: row.item_id,
            stem: pick(content.stem, locale, actor.locale).text,
            answer: row.value.text ?? '',
            rubric: content.rubric ?? [],
            maxPoints: Number(row.max_points),
            candidate: `${candidate.get(`${row.assessment_id}:${row.user_id}`) ?? 0}`,
            stage: row.marks === 0 ? 'mark' : row.marks === 1 ? 'second_mark' : 'reconcile',
            ...(row.marks >= 2 && row.mark_list ? { marks: row.mark_list.map((m) => ({ ...m, points: Number(m.points) })) } : {}),
            ...(assessment.blindGrading ? {} : { learner: { id: row.user_id, fullName: row.full_name } }),
          },
        ];
      }),
    };
  }

  /**
   * "Candidate N" of blind grading: learners who handed in an assessment in this cohort, ordered by
   * a keyed HMAC (a key derived from PROBITY_SECRET) of the cohort, the assessment and the learner.
   * Graders know every id involved, so an unkeyed hash of them would let them rebuild the order;
   * without the key they cannot, and the numbers stay the same while the queue empties.
   */
  private async candidateNumbers(cohortId: string, assessmentIds: string[]): Promise<Map<string, number>> {
    const numbers = new Map<string, number>();
    if (!assessmentIds.length) return numbers;
    const rows = await this.attemptRepository.handedInBy(cohortId, assessmentIds);
    for (const assessmentId of assessmentIds) {
      const tag = (userId: string): string =>
        createHmac('sha256', this.blindKey).update(`${cohortId}:${assessmentId}:${userId}`).digest('hex');
      rows
        .filter((r) => r.assessment_id === assessmentId)
        .map((r) => ({ userId: r.user_id, tag: tag(r.user_id) }))
        .sort((a, b) => (a.tag < b.tag ? -1 : 1))
        .forEach((r, i) => numbers.set(`${assessmentId}:${r.userId}`, i + 1));
    }
    return numbers;
  }

  async settings(
    cohortId: string,
    assessmentId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CohortAssessmentSettings> {
    return (
      (await this.repository.findSettings(cohortId, assessmentId, manager)) ??
      this.repository.newSettings({ cohortId, assessmentId, opensAt: null, closesAt: null, secondMarking: false, markingThreshold: 1 })
    );
  }

  /** Opening window and second marking of an assessment in a cohort (audited). */
  async configure(
    actor: AuthUser,
    cohortId: string,
    assessmentId: string,
    input: { opensAt?: string | null; closesAt?: string | null; secondMarking?: boolean; markingThreshold?: number | string },
  ): Promise<CohortAssessmentSettings> {
    const dto = await validated(AssessmentSettingsDto, input);
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.staffCohort(actor, cohortId);
      await this.assessment(manager, cohort, assessmentId);
      const settings = await this.settings(cohortId, assessmentId, manager);
      const before = { ...settings };
      if (dto.opensAt !== undefined) settings.opensAt = dto.opensAt ? new Date(dto.opensAt) : null;
      if (dto.closesAt !== undefined) settings.closesAt = dto.closesAt ? new Date(dto.closesAt) : null;
      if (settings.opensAt && settings.closesAt && settings.closesAt <= settings.opensAt)
        throw new ValidationFailed([{ field: 'closesAt', constraint: 'endsBeforeStart' }]);
      if (dto.secondMarking !== undefined) settings.secondMarking = dto.secondMarking;
      if (dto.markingThreshold !== undefined) settings.markingThreshold = dto.markingThreshold;
      await this.repository.saveSettings(manager, settings);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: cohort.academyId,
        action: 'assessment.configured',
        entityType: 'assessment',
        entityId: assessmentId,
        before: before,
        after: { ...settings },
      });
      return settings;
    });
  }

  /**
   * Grades one answer by hand (points, or rubric levels that sum to them). With second marking two
   * graders mark independently; marks within the threshold are averaged, others are reconciled by an
   * agreed mark; every mark is kept. When the last answer of an attempt gets its final points the
   * attempt is graded, and a pass is reported to cohorts in the same transaction.
   */
  async grade(
    actor: AuthUser,
    responseId: string,
    input: { points?: number | string; rubricLevels?: (number | string)[]; comment?: string },
  ): Promise<{
    points?: number;
    stage: 'final' | 'awaiting_second_mark' | 'reconciliation';
    attempt: { status: string; percent: number | null; passed: boolean | null };
  }> {
    const dto = await validated(GradeDto, input);
    return this.dataSource.transaction(async (manager) => {
      const response = await this.attemptRepository.lockResponse(manager, responseId);
      if (!response) throw new NotFound('response');
      const attempt = await this.attemptRepository.lock(manager, response.attemptId);
      if (!attempt) throw new NotFound('response');
      const cohort = await this.staffCohort(actor, attempt.cohortId).catch(() => Promise.reject(new NotFound('response')));
      const assessment = await this.assessment(manager, cohort, attempt.assessmentId);
      const content = assessment.items.find((i) => i.itemId === response.itemId)?.content as ItemContent;
      const points = this.pointsOf(content, response.maxPoints, dto);
      const settings = await this.settings(cohort.id, assessment.id, manager);
      const marks = await this.repository.marks(responseId, manager);
      const record = (role: MarkRole): Promise<Mark> =>
        this.repository.addMark(manager, {
          responseId,
          graderId: actor.id,
          role,
          points,
          rubricLevels: dto.rubricLevels ?? null,
          comment: dto.comment?.trim() || null,
        });
      const state = { status: attempt.status, percent: attempt.percent, passed: attempt.passed };
      let final: number | undefined;
      if (settings.secondMarking && assessment.kind === 'case_exercise') {
        const first = marks.find((m) => m.role === 'first');
        const second = marks.find((m) => m.role === 'second');
        if (response.points !== null) throw new Conflict('already_graded');
        if (!first) {
          await record('first');
          await this.audit.record(manager, {
            actorId: actor.id,
            academyId: cohort.academyId,
            action: 'response.marked',
            entityType: 'response',
            entityId: responseId,
            after: { role: 'first', points },
          });
          return { stage: 'awaiting_second_mark', attempt: state };
        }
        if (!second) {
          if (first.graderId === actor.id) throw new Conflict('already_marked');
          await record('second');
          await this.audit.record(manager, {
            actorId: actor.id,
            academyId: cohort.academyId,
            action: 'response.marked',
            entityType: 'response',
            entityId: responseId,
            after: { role: 'second', points },
          });
          if (Math.abs(first.points - points) > settings.markingThreshold) return { stage: 'reconciliation', attempt: state };
          final = Math.round(((first.points + points) / 2) * 1000) / 1000;
        } else {
          await record('agreed');
          final = points;
        }
      } else {
        await record('single');
        final = points;
      }
      const before = { points: response.points, comment: response.comment };
      await this.attemptRepository.gradeResponse(manager, response.id, {
        points: final,
        rubricLevels: dto.rubricLevels ?? null,
        comment: dto.comment?.trim() || null,
        gradedBy: actor.id,
        gradedAt: new Date(),
      });
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: cohort.academyId,
        action: 'response.graded',
        entityType: 'response',
        entityId: response.id,
        before,
        after: { points: final, comment: dto.comment ?? null },
        subjects: [attempt.userId],
      });
      const graded = await this.finish(manager, cohort, assessment, attempt, actor);
      return { points: final, stage: 'final', attempt: graded };
    });
  }

  private pointsOf(content: ItemContent, maxPoints: number, dto: { points?: number; rubricLevels?: number[] }): number {
    let points = dto.points;
    if (dto.rubricLevels) {
      let total: number;
      try {
        total = rubricPoints(content, dto.rubricLevels);
      } catch {
        throw new ValidationFailed([{ field: 'rubricLevels', constraint: 'rubric' }]);
      }
      if (points !== undefined && Math.abs(points - total) > 1e-9)
        throw new ValidationFailed([{ field: 'points', constraint: 'rubricTotal', params: { count: total } }]);
      points = total;
    }
    if (points === undefined || points < 0 || points > maxPoints)
      throw new ValidationFailed([{ field: 'points', constraint: 'max', params: { count: maxPoints } }]);
    return points;
  }

  /**
   * Grades the attempt once every answer has final points; reports a new pass to cohorts.
   * Also used by AppealsService, inside its transaction, when an upheld appeal changes a grade.
   */
  async finish(
    manager: EntityManager,
    cohort: Cohort,
    assessment: FrozenAssessment,
    attempt: Attempt,
    actor: AuthUser,
  ): Promise<{ status: string; percent: number | null; passed: boolean | null }> {
    const all = await this.attemptRepository.responses(attempt.id, manager);
    if (all.some((r) => r.points === null)) return { status: attempt.status, percent: attempt.percent, passed: attempt.passed };
    const score = all.reduce((sum, r) => sum + Number(r.points), 0);
    const wasPassed = attempt.passed;
    settle(attempt, score, assessment.passPercent);
    await this.attemptRepository.save(manager, attempt);
    await this.audit.record(manager, {
      actorId: actor.id,
      academyId: cohort.academyId,
      action: 'attempt.graded',
      entityType: 'attempt',
      entityId: attempt.id,
      after: { score: attempt.score, percent: attempt.percent, passed: attempt.passed },
    });
    if (attempt.passed && !wasPassed)
      await this.cohorts.recordAssessmentPassed(manager, attempt.cohortId, attempt.userId, attempt.assessmentId);
    return { status: attempt.status, percent: attempt.percent, passed: attempt.passed };
  }

  /** Every mark an answer received, for the record (staff only). */
  async marks(actor: AuthUser, responseId: string): Promise<Mark[]> {
    const cohortId = await this.attemptRepository.cohortOfResponse(responseId);
    if (!cohortId) throw new NotFound('response');
    await this.staffCohort(actor, cohortId).catch(() => Promise.reject(new NotFound('response')));
    return this.repository.marks(responseId);
  }
}
