import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CoursesService, type PublishedVersion } from '@probity/courses';
import { type LocaleMap, NotFound } from '@probity/i18n';
import type { AuthUser } from '@probity/identity';
import { CohortAccessService } from './cohort-access.service';
import { CohortCalendar } from './cohort-calendar.service';
import { type LearnerProgress, type UnmetRule, attendancePercent, requiredAssessments, unmetRules } from './completion';
import type { Cohort } from './entities/cohort.entity';
import type { EnrolmentStatus } from './entities/enrolment.entity';
import type { CohortSession } from './entities/session.entity';
import { CohortRepository } from './repositories/cohort.repository';
import { EnrolmentRepository } from './repositories/enrolment.repository';
import { NotificationRepository } from './repositories/notification.repository';
import { ProgressRepository } from './repositories/progress.repository';
import { SessionRepository } from './repositories/session.repository';

export interface RosterEntry {
  enrolmentId: string;
  userId: string;
  fullName: string;
  email: string;
  academyId: string | null;
  agency: string | null;
  status: EnrolmentStatus;
  enrolledAt: Date;
  completedAt: Date | null;
  progress: {
    lessonsDone: number;
    lessonsTotal: number;
    attendancePercent: number;
    assessmentsPassed: number;
    assessmentsRequired: number;
  };
  unmet: UnmetRule[];
  atRisk: boolean;
}

/** What a frozen version teaches and which assessments it lists. */
export interface VersionFacts {
  lessonIds: string[];
  contributions: Record<string, unknown>;
}

/**
 * Progress and completion. Completion is decided here, in the transaction of the event that meets
 * the last rule; other contexts (assessments) report passes through `recordAssessmentPassed`
 * inside their own transaction.
 */
@Injectable()
export class ProgressService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cohorts: CohortRepository,
    private readonly enrolments: EnrolmentRepository,
    private readonly progress: ProgressRepository,
    private readonly sessions: SessionRepository,
    private readonly notifications: NotificationRepository,
    private readonly access: CohortAccessService,
    private readonly courses: CoursesService,
    private readonly calendar: CohortCalendar,
  ) {}

  /** Marks a lesson done for the signed-in learner (repeat is harmless) and completes them if it was the last rule. */
  async completeLesson(
    actor: AuthUser,
    cohortId: string,
    lessonId: string,
  ): Promise<{ lessonsDone: number; lessonsTotal: number; status: EnrolmentStatus }> {
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.cohorts.find(cohortId, manager);
      if (!cohort) throw new NotFound('cohort');
      // Lock the learner's enrolment first: concurrent completions of the last lesson are decided one at a time.
      const enrolment = await this.enrolments.lockOpenEnrolment(manager, cohortId, actor.id);
      if (!enrolment) throw new NotFound('cohort');
      const { lessonIds } = await this.versionFacts(cohort.courseVersionId, manager);
      if (!lessonIds.includes(lessonId)) throw new NotFound('lesson');
      if (cohort.status !== 'closed') await this.progress.addLessonCompletion(manager, cohortId, actor.id, lessonId);
      const [row] = await this.evaluate(manager, cohort, actor.id, actor);
      return { lessonsDone: row?.progress.lessonsDone ?? 0, lessonsTotal: lessonIds.length, status: row?.status ?? enrolment.status };
    });
  }

  /**
   * Told by the assessments context, inside its own transaction, that a learner passed an
   * assessment of the cohort. Idempotent; completes the enrolment if that was the last rule.
   */
  async recordAssessmentPassed(manager: EntityManager, cohortId: string, userId: string, assessmentId: string): Promise<void> {
    const cohort = await this.cohorts.find(cohortId, manager);
    if (!cohort) throw new NotFound('cohort');
    if (!(await this.enrolments.lockOpenEnrolment(manager, cohortId, userId))) throw new NotFound('enrolment');
    await this.progress.addAssessmentPass(manager, cohortId, userId, assessmentId);
    await this.evaluate(manager, cohort, userId, null);
  }

  /**
   * The learner's own view of their cohorts: progress and what is left, next session, and the next lesson to read (the
   * first of the course not done yet) while the enrolment is in progress in a cohort not closed.
   */
  async mine(actor: AuthUser): Promise<
    {
      cohort: Cohort;
      version: PublishedVersion;
      entry: RosterEntry;
      nextSession: CohortSession | null;
      nextLesson: { id: string; title: LocaleMap } | null;
    }[]
  > {
    const result = [];
    for (const cohortId of await this.enrolments.cohortIdsOf(actor.id)) {
      const [cohort] = await this.calendar.derive([await this.cohorts.get(cohortId)]);
      const version = await this.courses.snapshot(cohort.courseVersionId);
      const [entry] = await this.rows(cohort, { userId: actor.id });
      const nextSession = await this.sessions.next(cohort.id);
      if (!entry) continue;
      let nextLesson: { id: string; title: LocaleMap } | null = null;
      if (entry.status === 'in_progress' && cohort.status !== 'closed') {
        const done = new Set(await this.progress.lessonsDone(cohort.id, actor.id));
        const lesson = version.snapshot.modules.flatMap((m) => m.lessons).find((l) => !done.has(l.id));
        if (lesson) nextLesson = { id: lesson.id, title: lesson.title };
      }
      result.push({ cohort, version, entry, nextSession, nextLesson });
    }
    return result;
  }

  /** For the reading pages: the learner's open enrolment in a cohort and the lessons they have done. */
  async learnerState(
    actor: AuthUser,
    cohortId: string,
  ): Promise<{ cohort: Cohort; done: Set<string>; status: EnrolmentStatus } | undefined> {
    const cohort = await this.cohorts.find(cohortId);
    if (!cohort) return undefined;
    const status = await this.enrolments.statusOf(cohortId, actor.id);
    if (!status) return undefined;
    return { cohort, done: new Set(await this.progress.lessonsDone(cohortId, actor.id)), status };
  }

  /** What a version teaches; courses reads an (immutable) version once per process (`CoursesService.snapshot`). */
  async versionFacts(versionId: string, manager?: EntityManager): Promise<VersionFacts> {
    const { snapshot } = await this.courses.snapshot(versionId, manager);
    return {
      lessonIds: snapshot.modules.flatMap((m) => m.lessons.map((l) => l.id)),
      contributions: snapshot.contributions,
    };
  }

  /**
   * Progress of the cohort's learners: lessons done, attendance over held sessions, assessments
   * passed, and from those the rules still unmet.
   */
  async rows(
    cohort: Cohort,
    filter: { userId?: string; academyIds?: string[]; includeWithdrawn?: boolean } = {},
    manager?: EntityManager,
  ): Promise<RosterEntry[]> {
    const facts = await this.versionFacts(cohort.courseVersionId, manager);
    const required = requiredAssessments(facts.contributions, cohort.completion.requiredAssessmentIds);
    const sessions = await this.sessions.counts(cohort.id, manager);
    const rows = await this.progress.rows(cohort.id, facts.lessonIds, filter, manager);
    return rows.map((row) => {
      const progress: LearnerProgress = {
        lessonsDone: row.lessons_done,
        lessonsTotal: facts.lessonIds.length,
        sessionsHeld: sessions.held,
        sessionsTotal: sessions.total,
        attended: row.attended,
        excused: row.excused,
        passedAssessmentIds: row.passed ?? [],
      };
      const percent = attendancePercent(progress, cohort.completion.excused);
      const unmet = unmetRules(progress, cohort.completion, required);
      return {
        enrolmentId: row.enrolment_id,
        userId: row.user_id,
        fullName: row.full_name,
        email: row.email,
        academyId: row.academy_id,
        agency: row.agency,
        status: row.status,
        enrolledAt: row.enrolled_at,
        completedAt: row.completed_at,
        progress: {
          lessonsDone: row.lessons_done,
          lessonsTotal: facts.lessonIds.length,
          attendancePercent: percent,
          assessmentsPassed: required.filter((id) => progress.passedAssessmentIds.includes(id)).length,
          assessmentsRequired: required.length,
        },
        unmet,
        atRisk: row.status === 'in_progress' && (percent < cohort.completion.minAttendancePercent || behindOnLessons(cohort, progress)),
      };
    });
  }

  /**
   * Completes every open enrolment (or the one of `userId`) whose rules are now all met, in the
   * caller's transaction; the caller holds the enrolment locks. Answers the rows it evaluated.
   */
  async evaluate(manager: EntityManager, cohort: Cohort, userId: string | null, actor: AuthUser | null): Promise<RosterEntry[]> {
    const rows = await this.rows(cohort, { userId: userId ?? undefined }, manager);
    if (cohort.status === 'closed') return rows;
    for (const row of rows) {
      if (row.status !== 'in_progress' || row.unmet.length) continue;
      if (!(await this.enrolments.markCompleted(manager, row.enrolmentId))) continue;
      row.status = 'completed';
      row.completedAt = new Date();
      await this.access.record(
        manager,
        actor,
        cohort,
        'enrolment.completed',
        'enrolment',
        row.enrolmentId,
        { status: 'in_progress' },
        { status: 'completed', progress: row.progress },
      );
      await this.notifications.queue(manager, row.userId, 'completed', `completed:${row.enrolmentId}`, {
        cohortId: cohort.id,
        cohortName: cohort.name,
        courseVersionId: cohort.courseVersionId,
      });
    }
    return rows;
  }
}

/** Behind: the cohort is more than half way through its dates and the learner less than half through the lessons. */
function behindOnLessons(cohort: Cohort, p: LearnerProgress): boolean {
  const start = Date.parse(cohort.startsOn);
  const end = Date.parse(cohort.endsOn) + 86_400_000;
  const elapsed = (Date.now() - start) / Math.max(1, end - start);
  return p.lessonsTotal > 0 && elapsed > 0.5 && p.lessonsDone / p.lessonsTotal < elapsed - 0.25;
}
