import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CoursesService, type PublishedVersion } from '@probity/courses';
import { BadInput, type LocaleMap, NotFound, ValidationFailed } from '@probity/i18n';
import { AcademiesService, type AuthUser, type Page, UsersService, hasRole } from '@probity/identity';
import { type CohortAccess, CohortAccessService } from './cohort-access.service';
import { CohortCalendar } from './cohort-calendar.service';
import { requiredAssessments } from './completion';
import type { CreateCohortDto } from './dto/cohort.dto';
import { type Cohort, type CohortStatus, DEFAULT_RULES } from './entities/cohort.entity';
import type { CohortSession } from './entities/session.entity';
import { EnrolmentsService } from './enrolments.service';
import { PartnersService } from './partners.service';
import { ProgressService, type RosterEntry } from './progress.service';
import { CohortRepository } from './repositories/cohort.repository';
import { EnrolmentRepository, type OpenEnrolment } from './repositories/enrolment.repository';
import type { PartnerView } from './repositories/partner.repository';
import { SessionRepository } from './repositories/session.repository';

/** An academy's planned or running cohort, as another context lists it (assistance's screening aid). */
export interface AcademyCohort {
  id: string;
  name: string;
  /** The title of the cohort's course, per language (its published version's). */
  courseTitle: LocaleMap;
  startsOn: string;
  endsOn: string;
  status: CohortStatus;
}

/** At most this many cohorts of an academy are listed for another context. */
const LIVE_COHORTS_LIMIT = 50;

/**
 * Cohorts: creating them, who may see them, their rules and status, closing them. Enrolment,
 * attendance, partners and progress have services of their own (`EnrolmentsService`,
 * `AttendanceService`, `PartnersService`, `ProgressService`); the few methods other contexts call
 * (`access`, `roster`, `recordAssessmentPassed`, `lockOpenEnrolment`, `completedCohortIds`, `completedCounts`) stay here as their one door.
 */
@Injectable()
export class CohortsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cohorts: CohortRepository,
    private readonly enrolmentRepository: EnrolmentRepository,
    private readonly sessions: SessionRepository,
    private readonly cohortAccess: CohortAccessService,
    private readonly partners: PartnersService,
    private readonly enrolments: EnrolmentsService,
    private readonly progress: ProgressService,
    private readonly courses: CoursesService,
    private readonly users: UsersService,
    private readonly academies: AcademiesService,
    private readonly calendar: CohortCalendar,
  ) {}

  // ---- for other contexts ----------------------------------------------------------------------

  access(actor: AuthUser, cohortId: string, manager?: EntityManager, lock = false): Promise<CohortAccess> {
    return this.cohortAccess.access(actor, cohortId, manager, lock);
  }

  /** The cohort by id, with no access check (for a caller that has decided access already); undefined if none. */
  async find(cohortId: string, manager?: EntityManager): Promise<Cohort | undefined> {
    const [cohort] = await this.calendar.derive([await this.cohorts.find(cohortId, manager)], manager);
    return cohort ?? undefined;
  }

  /** Every enrolment period of the cohort with progress (see `EnrolmentsService.roster`). */
  roster(
    actor: AuthUser,
    cohortId: string,
    options: { includeWithdrawn?: boolean } = {},
  ): Promise<{ cohort: Cohort; items: RosterEntry[] }> {
    return this.enrolments.roster(actor, cohortId, options);
  }

  /** Told by the assessments context, in its transaction, that a learner passed (see `ProgressService`). */
  recordAssessmentPassed(manager: EntityManager, cohortId: string, userId: string, assessmentId: string): Promise<void> {
    return this.progress.recordAssessmentPassed(manager, cohortId, userId, assessmentId);
  }

  /**
   * Locks the learner's enrolment in the cohort that counts (in progress or completed) until the
   * caller's transaction ends; undefined when there is none. Everything that depends on an
   * enrolment (completion, starting an attempt, issuing a certificate) takes this lock first, so
   * such decisions about one learner are made one at a time.
   */
  lockOpenEnrolment(manager: EntityManager, cohortId: string, userId: string): Promise<OpenEnrolment | undefined> {
    return this.enrolmentRepository.lockOpenEnrolment(manager, cohortId, userId);
  }

  /** The cohorts whose course the learner completed, the latest first (evaluation opens their surveys). */
  completedCohortIds(userId: string, manager?: EntityManager): Promise<string[]> {
    return this.enrolmentRepository.completedCohortIdsOf(userId, manager);
  }

  /** Learners who completed each cohort (evaluation's response rates); a cohort nobody completed is left out. */
  completedCounts(cohortIds: string[], manager?: EntityManager): Promise<Map<string, number>> {
    return this.enrolmentRepository.completedCounts(cohortIds, manager);
  }

  /** Who completed each of the cohorts and when, optionally one learner only (evaluation's follow-up waves fall months after). */
  completions(
    cohortIds: string[],
    userId?: string,
    manager?: EntityManager,
  ): Promise<{ cohortId: string; userId: string; completedAt: Date }[]> {
    return this.enrolmentRepository.completions(cohortIds, userId, manager);
  }

  /**
   * The academy's planned and running cohorts (neither finished nor closed as of today in the academy), the soonest
   * first, with their courses' titles: with no access check, for a caller that has decided the reader may see them
   * (a facility manager screening the academy's request).
   */
  async liveOfAcademy(academyId: string, manager?: EntityManager): Promise<AcademyCohort[]> {
    const today = await this.calendar.today(academyId, manager);
    const cohorts = await this.cohorts.liveOfAcademy(academyId, today, LIVE_COHORTS_LIMIT, manager);
    for (const cohort of cohorts) cohort.deriveStatus(today);
    const result: AcademyCohort[] = [];
    for (const c of cohorts) {
      const version = await this.courses.snapshot(c.courseVersionId, manager);
      result.push({
        id: c.id,
        name: c.name,
        courseTitle: version.snapshot.course.title,
        startsOn: c.startsOn,
        endsOn: c.endsOn,
        status: c.status,
      });
    }
    return result;
  }

  // ---- cohorts ----------------------------------------------------------------------------------

  async create(actor: AuthUser, dto: CreateCohortDto): Promise<Cohort> {
    const academyId = actor.academyId;
    if (!academyId) throw new BadInput('academy_required');
    if (dto.endsOn < dto.startsOn) throw new ValidationFailed([{ field: 'endsOn', constraint: 'endsBeforeStart' }]);
    return this.dataSource.transaction(async (manager) => {
      // NotFound('course_version') when there is no such version, as when the academy may not run it.
      const version = await this.courses.snapshot(dto.courseVersionId, manager);
      if (!(version.snapshot.course.shared || version.snapshot.course.academyId === academyId || hasRole(actor, 'platform_admin'))) {
        throw new NotFound('course_version');
      }
      const trainerIds = [...new Set([...dto.trainerIds, ...(hasRole(actor, 'trainer') ? [actor.id] : [])])];
      const trainers = await this.users.activeTrainerIds(trainerIds, academyId, manager);
      if (trainers.length !== trainerIds.length) throw new ValidationFailed([{ field: 'trainerIds', constraint: 'trainersOfAcademy' }]);
      const partnerIds = [...new Set(dto.partnerAcademyIds ?? [])].filter((id) => id !== academyId);
      if (partnerIds.length && (await this.academies.countExisting(partnerIds, manager)) !== partnerIds.length)
        throw new NotFound('academy');
      const completion = { ...DEFAULT_RULES, ...dto.completion, requiredAssessmentIds: dto.completion?.requiredAssessmentIds ?? null };
      const cohort = await this.cohorts.create(manager, {
        academyId,
        courseVersionId: version.id,
        name: dto.name.trim(),
        locale: dto.locale,
        startsOn: dto.startsOn,
        endsOn: dto.endsOn,
        capacity: dto.capacity ?? null,
        venue: dto.venue?.trim() || null,
        state: 'planned',
        completion,
      });
      cohort.deriveStatus(await this.calendar.today(academyId, manager));
      if (trainerIds.length) await this.cohorts.addTrainers(manager, cohort.id, trainerIds);
      if (partnerIds.length) await this.partners.invite(manager, actor, cohort, partnerIds);
      await this.cohortAccess.record(manager, actor, cohort, 'cohort.created', 'cohort', cohort.id, null, {
        courseVersionId: version.id,
        name: cohort.name,
        locale: cohort.locale,
        startsOn: cohort.startsOn,
        endsOn: cohort.endsOn,
        capacity: cohort.capacity,
        trainerIds,
        partnerAcademyIds: partnerIds,
        completion,
      });
      return cohort;
    });
  }

  /** The cohorts an actor runs or, as a partner academy, takes part in. */
  async list(actor: AuthUser, limit = 50, offset = 0): Promise<Page<Cohort & { enrolled: number }>> {
    const { rows, total } = await this.cohorts.page(
      {
        platform: hasRole(actor, 'platform_admin'),
        academyAdmin: hasRole(actor, 'academy_admin'),
        academyId: actor.academyId,
        userId: actor.id,
      },
      limit,
      offset,
    );
    await this.calendar.derive(rows.map((r) => r.cohort));
    return { items: rows.map((r) => Object.assign(r.cohort, { enrolled: r.enrolled })), total };
  }

  async details(
    actor: AuthUser,
    cohortId: string,
  ): Promise<{
    access: CohortAccess;
    version: PublishedVersion;
    trainers: { id: string; fullName: string }[];
    partners: PartnerView[];
    sessions: CohortSession[];
  }> {
    const access = await this.access(actor, cohortId);
    const version = await this.courses.snapshot(access.cohort.courseVersionId);
    const trainers = await this.cohorts.trainers(cohortId);
    const partners = await this.partners.partnersOf(cohortId);
    const sessions = await this.sessions.ofCohort(cohortId);
    return { access, version, trainers, partners, sessions };
  }

  /**
   * What staff decide of a cohort that is not closed: `running` starts it before its first day, `planned` lets its
   * dates decide again. Its status stays derived (`cohortStatusOn`): past its last day it is finished either way.
   */
  async setStatus(actor: AuthUser, cohortId: string, status: 'planned' | 'running'): Promise<Cohort> {
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.cohortAccess.runner(actor, cohortId, manager, true);
      this.cohortAccess.open(cohort);
      const before = cohort.state;
      cohort.state = status;
      await this.cohorts.save(manager, cohort);
      cohort.deriveStatus(await this.calendar.today(cohort.academyId, manager));
      await this.cohortAccess.record(manager, actor, cohort, 'cohort.status_changed', 'cohort', cohort.id, { status: before }, { status });
      return cohort;
    });
  }

  /**
   * Which of the version's assessments a learner must pass (`null`: the defaults, every post-test and
   * case exercise). Learners who now meet every rule complete at once; completions already
   * recorded stay (a completion is an event of the training record).
   */
  async setRequiredAssessments(
    actor: AuthUser,
    cohortId: string,
    ids: string[] | null,
  ): Promise<{ required: string[]; completed: number }> {
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.cohortAccess.runner(actor, cohortId, manager, true);
      this.cohortAccess.open(cohort);
      const facts = await this.progress.versionFacts(cohort.courseVersionId, manager);
      const listed = requiredAssessments(facts.contributions, [...new Set(ids ?? [])]);
      if (ids && listed.length !== new Set(ids).size)
        throw new ValidationFailed([{ field: 'requiredAssessmentIds', constraint: 'assessmentOfVersion' }]);
      const before = cohort.completion.requiredAssessmentIds ?? null;
      cohort.completion = { ...cohort.completion, requiredAssessmentIds: ids ? listed : null };
      await this.cohorts.save(manager, cohort);
      await this.cohortAccess.record(
        manager,
        actor,
        cohort,
        'cohort.rules_changed',
        'cohort',
        cohort.id,
        { requiredAssessmentIds: before },
        { requiredAssessmentIds: cohort.completion.requiredAssessmentIds },
      );
      const wasCompleted = await this.enrolmentRepository.countCompleted(cohort.id, manager);
      const rows = await this.progress.evaluate(manager, cohort, null, actor);
      const completed = rows.filter((r) => r.status === 'completed').length - wasCompleted;
      return { required: requiredAssessments(facts.contributions, cohort.completion.requiredAssessmentIds), completed };
    });
  }

  /** Closes the cohort: everyone not completed becomes not_completed, with the rules they did not meet. */
  async close(actor: AuthUser, cohortId: string): Promise<{ completed: number; notCompleted: number }> {
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.cohortAccess.runner(actor, cohortId, manager, true);
      this.cohortAccess.open(cohort);
      const roster = await this.progress.rows(cohort, {}, manager);
      let notCompleted = 0;
      for (const entry of roster.filter((r) => r.status === 'in_progress')) {
        await this.enrolmentRepository.markNotCompleted(manager, entry.enrolmentId, entry.unmet);
        await this.cohortAccess.record(
          manager,
          actor,
          cohort,
          'enrolment.not_completed',
          'enrolment',
          entry.enrolmentId,
          { status: 'in_progress' },
          { status: 'not_completed', unmet: entry.unmet },
        );
        notCompleted++;
      }
      cohort.state = 'closed';
      cohort.closedAt = new Date();
      cohort.deriveStatus();
      await this.cohorts.save(manager, cohort);
      await this.cohortAccess.record(manager, actor, cohort, 'cohort.closed', 'cohort', cohort.id, null, { notCompleted });
      return { completed: roster.filter((r) => r.status === 'completed').length, notCompleted };
    });
  }

  /**
   * How a reader stands to a course version: staff of a cohort that runs it (its trainers, its
   * academy's administrators and those of partner academies that accepted), or a learner enrolled in one.
   */
  async versionRelation(actor: AuthUser, versionId: string): Promise<'staff' | 'learner' | undefined> {
    const row = await this.cohorts.versionRelation(versionId, {
      userId: actor.id,
      trainer: hasRole(actor, 'trainer'),
      academyAdmin: hasRole(actor, 'academy_admin'),
      academyId: actor.academyId,
    });
    return row.staff ? 'staff' : row.learner ? 'learner' : undefined;
  }
}
