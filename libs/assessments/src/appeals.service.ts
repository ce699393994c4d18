import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { type Cohort, CohortsService } from '@probity/cohorts';
import { Conflict, Forbidden, NotFound, ValidationFailed, validated } from '@probity/i18n';
import type { AuthUser } from '@probity/identity';
import { AppealDto, DecideAppealDto } from './dto/assessments.dto';
import type { Appeal } from './entities/grading.entity';
import { AttemptsService } from './attempts.service';
import { GradingService } from './grading.service';
import type { FrozenAssessment } from './items.service';
import { AppealRepository } from './repositories/appeal.repository';
import { AttemptRepository } from './repositories/attempt.repository';
import { GradingRepository } from './repositories/grading.repository';

/** Appeals: a learner asks for a review of a released grade, a trainer who did not grade the answer decides. */
@Injectable()
export class AppealsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cohorts: CohortsService,
    private readonly attempts: AttemptsService,
    private readonly grading: GradingService,
    private readonly repository: AppealRepository,
    private readonly attemptRepository: AttemptRepository,
    private readonly gradingRepository: GradingRepository,
  ) {}

  private async staffCohort(actor: AuthUser, cohortId: string): Promise<Cohort> {
    const access = await this.cohorts.access(actor, cohortId);
    if (!access.staff) throw new Forbidden();
    return access.cohort;
  }

  private assessment(manager: EntityManager, cohort: Pick<Cohort, 'courseVersionId'>, assessmentId: string): Promise<FrozenAssessment> {
    return this.attempts.frozen(manager, cohort, assessmentId);
  }

  /** A learner asks for a review of one of their graded answers, after release, with a reason. */
  async appeal(actor: AuthUser, responseId: string, input: string): Promise<Appeal> {
    const { reason } = await validated(AppealDto, { reason: typeof input === 'string' ? input.trim() : input });
    return this.dataSource.transaction(async (manager) => {
      const response = await this.attemptRepository.lockResponse(manager, responseId);
      const attempt = response ? await this.attemptRepository.find(response.attemptId, undefined, manager) : null;
      if (!response || !attempt || attempt.userId !== actor.id) throw new NotFound('response');
      if (!(await this.gradingRepository.isReleased(attempt.cohortId, attempt.assessmentId, manager)) || response.points === null)
        throw new Conflict('not_released');
      if (await this.repository.hasOpen(responseId, manager)) throw new Conflict('appeal_open');
      const appeal = await this.repository.create(manager, {
        responseId,
        cohortId: attempt.cohortId,
        userId: actor.id,
        reason: reason.trim(),
        status: 'open',
        pointsBefore: Number(response.points),
      });
      // The learner's own attempt: access is decided; the cohort (for the audit's academy) is read from its owner.
      const cohort = await this.cohorts.find(attempt.cohortId, manager);
      if (!cohort) throw new NotFound('cohort');
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: cohort.academyId,
        action: 'appeal.lodged',
        entityType: 'appeal',
        entityId: appeal.id,
        after: { responseId, reason: appeal.reason },
      });
      return appeal;
    });
  }

  async appeals(actor: AuthUser, cohortId: string): Promise<Appeal[]> {
    await this.staffCohort(actor, cohortId);
    return this.repository.ofCohort(cohortId);
  }

  /** A trainer who did not grade the answer decides; the outcome and its reason are kept, a new grade re-scores the attempt. */
  async decide(actor: AuthUser, appealId: string, input: { outcome: string; reason: string; points?: number | string }): Promise<Appeal> {
    const dto = await validated(DecideAppealDto, input);
    return this.dataSource.transaction(async (manager) => {
      const appeal = await this.repository.lock(manager, appealId);
      if (!appeal) throw new NotFound('appeal');
      const cohort = await this.staffCohort(actor, appeal.cohortId).catch(() => Promise.reject(new NotFound('appeal')));
      if (appeal.status !== 'open') throw new Conflict('appeal_decided');
      if (await this.gradingRepository.hasMarked(appeal.responseId, actor.id, manager)) throw new Forbidden('decider_graded');
      const response = await this.attemptRepository.response(appeal.responseId, manager);
      const attempt = await this.attemptRepository.lockExisting(manager, response.attemptId);
      if (dto.outcome === 'upheld') {
        if (dto.points === undefined || dto.points > response.maxPoints)
          throw new ValidationFailed([{ field: 'points', constraint: 'max', params: { count: response.maxPoints } }]);
        await this.gradingRepository.addMark(manager, {
          responseId: response.id,
          graderId: actor.id,
          role: 'appeal',
          points: dto.points,
          rubricLevels: null,
          comment: dto.reason,
        });
        await this.attemptRepository.gradeResponse(manager, response.id, { points: dto.points, gradedBy: actor.id, gradedAt: new Date() });
        const assessment = await this.assessment(manager, cohort, attempt.assessmentId);
        await this.grading.finish(manager, cohort, assessment, attempt, actor);
      }
      appeal.status = dto.outcome;
      appeal.pointsAfter = dto.outcome === 'upheld' ? (dto.points ?? null) : appeal.pointsBefore;
      appeal.decidedBy = actor.id;
      appeal.decisionReason = dto.reason.trim();
      appeal.decidedAt = new Date();
      await this.repository.save(manager, appeal);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: cohort.academyId,
        action: 'appeal.decided',
        entityType: 'appeal',
        entityId: appeal.id,
        before: { status: 'open', points: appeal.pointsBefore },
        after: { status: appeal.status, points: appeal.pointsAfter, reason: appeal.decisionReason },
        subjects: [appeal.userId],
      });
      return appeal;
    });
  }
}
