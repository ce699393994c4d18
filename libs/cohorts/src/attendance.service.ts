import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BadInput, NotFound, ValidationFailed, validated } from '@probity/i18n';
import type { AuthUser } from '@probity/identity';
import { CohortAccessService } from './cohort-access.service';
import { AttendanceDto, type CreateSessionDto } from './dto/cohort.dto';
import type { Cohort } from './entities/cohort.entity';
import type { AttendanceStatus, CohortSession } from './entities/session.entity';
import { ProgressService } from './progress.service';
import { EnrolmentRepository } from './repositories/enrolment.repository';
import { SessionRepository } from './repositories/session.repository';

/** Classroom sessions of a cohort and their registers; taking a register completes whoever it completes. */
@Injectable()
export class AttendanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionRepository,
    private readonly enrolments: EnrolmentRepository,
    private readonly access: CohortAccessService,
    private readonly progress: ProgressService,
  ) {}

  async addSession(actor: AuthUser, cohortId: string, dto: CreateSessionDto): Promise<CohortSession> {
    if (new Date(dto.endsAt) <= new Date(dto.startsAt)) throw new ValidationFailed([{ field: 'endsAt', constraint: 'endsBeforeStart' }]);
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.access.runner(actor, cohortId, manager, true);
      this.access.open(cohort);
      const session = await this.sessions.create(manager, {
        cohortId,
        startsAt: new Date(dto.startsAt),
        endsAt: new Date(dto.endsAt),
        venue: dto.venue?.trim() || cohort.venue,
        title: dto.title?.trim() || null,
      });
      await this.access.record(manager, actor, cohort, 'session.created', 'session', session.id, null, {
        startsAt: dto.startsAt,
        endsAt: dto.endsAt,
        venue: session.venue,
      });
      return session;
    });
  }

  /** The sessions of a cohort in order. */
  sessionsOf(cohortId: string): Promise<CohortSession[]> {
    return this.sessions.ofCohort(cohortId);
  }

  async register(
    actor: AuthUser,
    cohortId: string,
    sessionId: string,
  ): Promise<{
    cohort: Cohort;
    session: CohortSession;
    learners: { userId: string; fullName: string; agency: string | null; status: string | null }[];
  }> {
    const cohort = await this.access.runner(actor, cohortId);
    const session = await this.sessions.find(cohortId, sessionId);
    if (!session) throw new NotFound('session');
    const learners = await this.sessions.register(cohortId, sessionId);
    return { cohort, session, learners };
  }

  /** Saves a session's register (last write wins per learner) and completes whoever it completes. */
  async saveAttendance(actor: AuthUser, cohortId: string, sessionId: string, input: AttendanceDto): Promise<{ saved: number }> {
    const dto = await validated(AttendanceDto, input);
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.access.runner(actor, cohortId, manager);
      this.access.open(cohort);
      const session = await this.sessions.findForUpdate(manager, cohortId, sessionId);
      if (!session) throw new NotFound('session');
      const records = new Map(dto.records.map((r) => [r.userId, r.status]));
      // Lock every open enrolment of the cohort in one order: completion is decided once, without deadlocks.
      const enrolments = await this.enrolments.lockOpenEnrolments(manager, cohortId);
      const enrolled = new Set(enrolments.map((e) => e.user_id));
      const strangers = [...records.keys()].filter((id) => !enrolled.has(id));
      if (strangers.length)
        throw new BadInput(
          'not_enrolled',
          { count: strangers.length },
          strangers.map((userId) => ({ userId })),
        );
      for (const [userId, status] of records) await this.sessions.saveMark(manager, sessionId, userId, status, actor.id);
      if (!session.registerTakenAt) await this.sessions.markRegisterTaken(manager, session.id);
      await this.access.record(manager, actor, cohort, 'attendance.saved', 'session', session.id, null, {
        records: Object.fromEntries(records),
      });
      // Taking a register can meet the attendance rule of anyone: evaluate every open enrolment.
      await this.progress.evaluate(manager, cohort, null, actor);
      return { saved: records.size };
    });
  }

  /** Every attendance mark of the cohort's held sessions, for the attendance grid. */
  attendanceMarks(cohortId: string): Promise<{ sessionId: string; userId: string; status: AttendanceStatus }[]> {
    return this.sessions.marks(cohortId);
  }
}
