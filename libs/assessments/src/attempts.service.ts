import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { type Cohort, CohortsService } from '@probity/cohorts';
import { CoursesService } from '@probity/courses';
import { Conflict, NotFound, negotiate, pick } from '@probity/i18n';
import type { AuthUser, TokenClaims } from '@probity/identity';
import type { Attempt, ShownItem } from './entities/attempt.entity';
import type { FrozenAssessment } from './items.service';
import type { ItemContent } from './item-model';
import { AttemptRepository } from './repositories/attempt.repository';
import { GradingRepository } from './repositories/grading.repository';
import { type ResponseValue, scoreResponse } from './scoring';

export interface AttemptResult {
  status: Attempt['status'];
  score?: number;
  maxScore: number;
  percent?: number;
  passed?: boolean;
}

/** A small, fast, seedable PRNG (mulberry32): the same seed always gives the same order. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(list: readonly T[], next: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Marks an attempt graded with its total score: percent of the maximum, and passed against the pass mark. */
export function settle(attempt: Attempt, score: number, passPercent: number): void {
  attempt.status = 'graded';
  attempt.score = round2(score);
  attempt.percent = attempt.maxScore > 0 ? round2((100 * score) / attempt.maxScore) : 100;
  attempt.passed = attempt.percent >= passPercent;
}

/**
 * Attempts: start (frozen items, never the answers), autosave (last write wins until the deadline),
 * submit (graded in its transaction, once; a retry returns the same result), and passes reported to
 * cohorts in the same transaction.
 */
@Injectable()
export class AttemptsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cohorts: CohortsService,
    private readonly courses: CoursesService,
    private readonly attemptRepository: AttemptRepository,
    private readonly grading: GradingRepository,
  ) {}

  /** The cohort an attempt is (to be) taken in, read from its owner; the caller has decided access. */
  private async cohort(cohortId: string, manager: EntityManager): Promise<Cohort> {
    const cohort = await this.cohorts.find(cohortId, manager);
    if (!cohort) throw new NotFound('cohort');
    return cohort;
  }

  /** The assessments a cohort's (immutable, so cached) course version froze. */
  async frozenAssessments(
    cohort: Pick<Cohort, 'courseVersionId'>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<FrozenAssessment[]> {
    const version = await this.courses.snapshot(cohort.courseVersionId, manager);
    return (version.snapshot.contributions.assessments ?? []) as FrozenAssessment[];
  }

  /** A learner's own attempts in a cohort, newest first (for their list of assessments). */
  mine(actor: AuthUser, cohortId: string): Promise<Attempt[]> {
    return this.attemptRepository.inCohort(cohortId, actor.id);
  }

  async frozen(manager: EntityManager, cohort: Pick<Cohort, 'courseVersionId'>, assessmentId: string): Promise<FrozenAssessment> {
    const assessment = (await this.frozenAssessments(cohort, manager)).find((a) => a.id === assessmentId);
    if (!assessment) throw new NotFound('assessment');
    return assessment;
  }

  /** Starts an attempt, or resumes the one in progress. */
  async start(
    actor: AuthUser,
    cohortId: string,
    assessmentId: string,
  ): Promise<{ id: string; items: ShownItem[]; deadline: Date | null; number: number }> {
    return this.dataSource.transaction(async (manager) => {
      // The owner of enrolments locks the row (ADR 0004): starts and completions of one learner queue behind each other.
      const enrolment = await this.cohorts.lockOpenEnrolment(manager, cohortId, actor.id);
      if (!enrolment) throw new NotFound('cohort');
      const cohort = await this.cohort(cohortId, manager);
      if (cohort.status === 'closed') throw new Conflict('cohort_closed');
      const assessment = await this.frozen(manager, cohort, assessmentId);
      const window = await this.grading.findSettings(cohortId, assessmentId, manager);
      const now = new Date();
      if (window?.opensAt && now < window.opensAt) throw new Conflict('assessment_not_open');
      if (window?.closesAt && now >= window.closesAt) throw new Conflict('assessment_closed');
      const previous = await this.attemptRepository.ofLearner(cohortId, assessmentId, actor.id, manager);
      const open = previous.find((a) => a.status === 'in_progress' && (!a.deadline || a.deadline > new Date()));
      if (open) return { id: open.id, items: open.shown, deadline: open.deadline, number: open.number };
      if (previous.some((a) => a.status === 'in_progress'))
        await this.submitIn(
          manager,
          previous.find((a) => a.status === 'in_progress')!,
          null,
        );
      if (assessment.maxAttempts !== null && previous.length >= assessment.maxAttempts)
        throw new Conflict('no_attempts_left', { count: assessment.maxAttempts });
      const seed = Math.floor(Math.random() * 2 ** 31);
      const next = random(seed);
      const locale = negotiate(cohort.locale);
      const academyLocale = actor.academyLocale;
      const text = (map: Record<string, string> | undefined): string => pick(map ?? {}, locale, academyLocale).text;
      const order = assessment.shuffle ? shuffled(assessment.items, next) : assessment.items;
      const shown: ShownItem[] = order.map(({ itemId, revisionId, content }) => ({
        itemId,
        revisionId,
        type: content.type,
        stem: text(content.stem),
        maxPoints: content.points,
        ...(content.options
          ? {
              options: (assessment.shuffle && content.type !== 'true_false' ? shuffled(content.options, next) : content.options).map(
                (o) => ({ id: o.id, text: text(o.text) }),
              ),
            }
          : {}),
      }));
      const limit = assessment.timeLimitMinutes ? new Date(Date.now() + assessment.timeLimitMinutes * 60_000) : null;
      const closes = window?.closesAt ?? null;
      const deadline = limit && closes ? (limit < closes ? limit : closes) : (limit ?? closes);
      const attempt = await this.attemptRepository.create(manager, {
        cohortId,
        assessmentId,
        userId: actor.id,
        number: (previous[0]?.number ?? 0) + 1,
        seed,
        status: 'in_progress',
        shown,
        locale,
        deadline,
        maxScore: shown.reduce((sum, s) => sum + s.maxPoints, 0),
      });
      return { id: attempt.id, items: shown, deadline, number: attempt.number };
    });
  }

  /**
   * Autosave, the hot path of an exam: the last write wins until submit or the deadline (then 409,
   * nothing changes). One statement (`AttemptRepository.saveResponse`) also checks that the user is
   * still active and, given the API `token`, that it was not revoked (the route checks only its
   * signature). Nothing is written when it throws; the caller then looks the user up to answer in their language.
   */
  async save(
    userId: string,
    attemptId: string,
    itemId: string,
    value: ResponseValue,
    token?: Pick<TokenClaims, 'ver' | 'jti'>,
  ): Promise<{ savedAt: Date }> {
    const savedAt = await this.attemptRepository.saveResponse(userId, attemptId, itemId, value, token);
    if (savedAt) return { savedAt };
    const attempt = await this.attemptRepository.find(attemptId, userId);
    if (!attempt || !attempt.shown.some((s) => s.itemId === itemId)) throw new NotFound(attempt ? 'item' : 'attempt');
    throw new Conflict(attempt.status === 'in_progress' ? 'attempt_expired' : 'attempt_submitted');
  }

  /** Submits and grades, once: a retry (or a concurrent double submit) gets the same result. */
  async submit(actor: AuthUser, attemptId: string): Promise<AttemptResult> {
    return this.dataSource.transaction(async (manager) => {
      const attempt = await this.attemptRepository.lock(manager, attemptId, actor.id);
      if (!attempt) throw new NotFound('attempt');
      if (attempt.status !== 'in_progress') return this.result(attempt);
      return this.submitIn(manager, attempt, actor);
    });
  }

  /** The worker's sweep: attempts past their deadline are submitted with what was saved. */
  async submitExpired(limit = 100): Promise<number> {
    const expired = await this.attemptRepository.expiredIds(limit);
    for (const id of expired) {
      await this.dataSource.transaction(async (manager) => {
        const attempt = await this.attemptRepository.lock(manager, id);
        if (attempt?.status === 'in_progress') await this.submitIn(manager, attempt, null);
      });
    }
    return expired.length;
  }

  private async submitIn(manager: EntityManager, attempt: Attempt, actor: AuthUser | null): Promise<AttemptResult> {
    const cohort = await this.cohort(attempt.cohortId, manager);
    const assessment = await this.frozen(manager, cohort, attempt.assessmentId);
    const contents = new Map<string, ItemContent>(assessment.items.map((i) => [i.itemId, i.content]));
    const saved = await this.attemptRepository.responses(attempt.id, manager);
    const byItem = new Map(saved.map((r) => [r.itemId, r]));
    let score = 0;
    let pending = false;
    const scored: { itemId: string; maxPoints: number; points: number | null }[] = [];
    for (const shown of attempt.shown) {
      const content = contents.get(shown.itemId);
      if (!content) continue;
      const result = scoreResponse(content, byItem.get(shown.itemId)?.value);
      if (result.points === undefined) pending = true;
      else score += result.points;
      scored.push({ itemId: shown.itemId, maxPoints: shown.maxPoints, points: result.points ?? null });
    }
    // Every item's points in one statement (unanswered items get a row too, so the gradebook sees them).
    await this.attemptRepository.writePoints(manager, attempt.id, scored);
    attempt.submittedAt = new Date();
    if (pending) {
      attempt.status = 'awaiting_grading';
      attempt.score = null;
      attempt.percent = null;
      attempt.passed = null;
    } else {
      settle(attempt, score, assessment.passPercent);
    }
    await this.attemptRepository.save(manager, attempt);
    await this.audit.record(manager, {
      actorId: actor?.id ?? null,
      academyId: cohort.academyId,
      action: actor ? 'attempt.submitted' : 'attempt.submitted_at_deadline',
      entityType: 'attempt',
      entityId: attempt.id,
      after: { status: attempt.status, score: attempt.score, maxScore: attempt.maxScore, percent: attempt.percent, passed: attempt.passed },
    });
    if (attempt.passed) await this.cohorts.recordAssessmentPassed(manager, attempt.cohortId, attempt.userId, attempt.assessmentId);
    return this.result(attempt);
  }

  result(attempt: Attempt): AttemptResult {
    return attempt.status === 'graded'
      ? {
          status: attempt.status,
          score: attempt.score ?? 0,
          maxScore: attempt.maxScore,
          percent: attempt.percent ?? 0,
          passed: attempt.passed ?? false,
        }
      : { status: attempt.status, maxScore: attempt.maxScore };
  }

  /** The attempt for its learner or the cohort's staff; per-item points and feedback come with release (later). */
  async get(
    actor: AuthUser,
    attemptId: string,
  ): Promise<Attempt & { result: AttemptResult; responses: { itemId: string; value: ResponseValue }[] }> {
    const attempt = await this.attemptRepository.find(attemptId);
    if (!attempt) throw new NotFound('attempt');
    if (attempt.userId !== actor.id) {
      const access = await this.cohorts.access(actor, attempt.cohortId);
      if (access.academyScope) throw new NotFound('attempt');
    }
    const responses = await this.attemptRepository.responses(attemptId);
    return { ...attempt, result: this.result(attempt), responses: responses.map((r) => ({ itemId: r.itemId, value: r.value })) };
  }
}
