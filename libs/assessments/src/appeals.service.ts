import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { type Cohort, Cohort as CohortEntity, CohortsService } from '@probity/cohorts';
import { Conflict, Forbidden, NotFound, ValidationFailed, validated } from '@probity/i18n';
import type { AuthUser } from '@probity/identity';
import { AppealDto, DecideAppealDto } from './dto/assessments.dto';
import { AssessmentRelease, Attempt, AttemptResponse } from './entities/attempt.entity';
import { Appeal, Mark } from './entities/grading.entity';
import { AttemptsService } from './attempts.service';
import { GradingService } from './grading.service';
import type { FrozenAssessment } from './items.service';

/** Appeals: a learner asks for a review of a released grade, a trainer who did not grade the answer decides. */
@Injectable()
export class AppealsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cohorts: CohortsService,
    private readonly attempts: AttemptsService,
    private readonly grading: GradingService,
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
      const response = await manager.findOne(AttemptResponse, { where: { id: responseId }, lock: { mode: 'pessimistic_write' } });
      const attempt = response ? await manager.findOneBy(Attempt, { id: response.attemptId }) : null;
      if (!response || !attempt || attempt.userId !== actor.id) throw new NotFound('response');
      if (
        !(await manager.existsBy(AssessmentRelease, { cohortId: attempt.cohortId, assessmentId: attempt.assessmentId })) ||
        response.points === null
      )
        throw new Conflict('not_released');
      if (await manager.existsBy(Appeal, { responseId, status: 'open' })) throw new Conflict('appeal_open');
      const appeal = await manager.save(
        manager.create(Appeal, {
          responseId,
          cohortId: attempt.cohortId,
          userId: actor.id,
          reason: reason.trim(),
          status: 'open',
          pointsBefore: Number(response.points),
        }),
      );
      const cohort = await manager.findOneByOrFail(CohortEntity, { id: attempt.cohortId });
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
    return this.dataSource.getRepository(Appeal).find({ where: { cohortId }, order: { createdAt: 'ASC' } });
  }

  /** A trainer who did not grade the answer decides; the outcome and its reason are kept, a new grade re-scores the attempt. */
  async decide(actor: AuthUser, appealId: string, input: { outcome: string; reason: string; points?: number | string }): Promise<Appeal> {
    const dto = await validated(DecideAppealDto, input);
    return this.dataSource.transaction(async (manager) => {
      const appeal = await manager.findOne(Appeal, { where: { id: appealId }, lock: { mode: 'pessimistic_write' } });
      if (!appeal) throw new NotFound('appeal');
      const cohort = await this.staffCohort(actor, appeal.cohortId).catch(() => Promise.reject(new NotFound('appeal')));
      if (appeal.status !== 'open') throw new Conflict('appeal_decided');
      const graders = await manager.query<{ grader_id: string }[]>('SELECT grader_id FROM marks WHERE response_id = $1', [
        appeal.responseId,
      ]);
      if (graders.some((g) => g.grader_id === actor.id)) throw new Forbidden('decider_graded');
      const response = await manager.findOneByOrFail(AttemptResponse, { id: appeal.responseId });
      const attempt = await manager.findOneOrFail(Attempt, { where: { id: response.attemptId }, lock: { mode: 'pessimistic_write' } });
      if (dto.outcome === 'upheld') {
        if (dto.points === undefined || dto.points > response.maxPoints)
          throw new ValidationFailed([{ field: 'points', constraint: 'max', params: { count: response.maxPoints } }]);
        await manager.save(
          manager.create(Mark, {
            responseId: response.id,
            graderId: actor.id,
            role: 'appeal',
            points: dto.points,
            rubricLevels: null,
            comment: dto.reason,
          }),
        );
        await manager.update(AttemptResponse, response.id, { points: dto.points, gradedBy: actor.id, gradedAt: new Date() });
        const assessment = await this.assessment(manager, cohort, attempt.assessmentId);
        await this.grading.finish(manager, cohort, assessment, attempt, actor);
      }
      appeal.status = dto.outcome;
      appeal.pointsAfter = dto.outcome === 'upheld' ? (dto.points ?? null) : appeal.pointsBefore;
      appeal.decidedBy = actor.id;
      appeal.decisionReason = dto.reason.trim();
      appeal.decidedAt = new Date();
      await manager.save(appeal);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: cohort.academyId,
        action: 'appeal.decided',
        entityType: 'appeal',
        entityId: appeal.id,
        before: { status: 'open', points: appeal.pointsBefore },
        after: { status: appeal.status, points: appeal.pointsAfter, reason: appeal.decisionReason },
      });
      return appeal;
    });
  }
}
