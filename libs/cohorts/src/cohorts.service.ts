import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse/sync';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { CourseVersion } from '@probity/courses';
import { BadInput, Conflict, Forbidden, NotFound, ValidationFailed, validated } from '@probity/i18n';
import { Academy, type AuthUser, type Page, User, administers, hasRole } from '@probity/identity';
import { type LearnerProgress, type UnmetRule, attendancePercent, requiredAssessments, unmetRules } from './completion';
import { AttendanceDto, type CreateCohortDto, type CreateSessionDto } from './dto/cohort.dto';
import { Cohort, CohortPartner, CohortTrainer, DEFAULT_RULES, type PartnerStatus } from './entities/cohort.entity';
import { Enrolment, type EnrolmentStatus } from './entities/enrolment.entity';
import { type AttendanceStatus, CohortSession } from './entities/session.entity';

/** Who the actor is for a cohort: which people's records they may see and change. */
export interface CohortAccess {
  cohort: Cohort;
  /** Owner academy staff, its trainers, platform administrators: everyone's records. */
  staff: boolean;
  /** A partner academy's administrator: only their own academy's people. */
  academyScope?: string;
  /** Listed as a trainer of this cohort. */
  trainer: boolean;
}

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

/** A partner academy of a cohort and where the invitation stands. */
export interface PartnerView {
  academyId: string;
  status: PartnerStatus;
  invitedAt: Date;
  invitedBy: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
}

/** An invitation to the actor's academy to take part in another academy's cohort. */
export interface PartnerInvitation {
  cohortId: string;
  cohortName: string;
  ownerAcademyId: string;
  courseVersionId: string;
  startsOn: string;
  endsOn: string;
  cohortStatus: string;
  status: PartnerStatus;
  invitedAt: Date;
  decidedAt: Date | null;
  invitedBy: string | null;
  /** The course's title in every language it has, so the partner knows what they are asked to join. */
  courseTitle: Record<string, string> | null;
}

export interface SkippedEnrolment {
  userId?: string;
  email?: string;
  reason: string;
}

interface ProgressRow {
  enrolment_id: string;
  user_id: string;
  full_name: string;
  email: string;
  academy_id: string | null;
  agency: string | null;
  status: EnrolmentStatus;
  enrolled_at: Date;
  completed_at: Date | null;
  lessons_done: number;
  attended: number;
  excused: number;
  passed: string[] | null;
}

/**
 * Cohorts, enrolments, sessions, attendance, progress and completion. Completion is decided here,
 * in the transaction of the event that meets the last rule; other contexts (assessments) report
 * passes through `recordAssessmentPassed` inside their own transaction.
 */
@Injectable()
export class CohortsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  // ---- access ---------------------------------------------------------------------------------

  async access(actor: AuthUser, cohortId: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<CohortAccess> {
    const cohort = await manager.findOne(Cohort, {
      where: { id: cohortId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!cohort) throw new NotFound('cohort');
    const trainer = hasRole(actor, 'trainer') && (await manager.existsBy(CohortTrainer, { cohortId, userId: actor.id }));
    if (administers(actor, cohort.academyId) || trainer) {
      return { cohort, staff: true, trainer };
    }
    if (
      hasRole(actor, 'academy_admin') &&
      actor.academyId &&
      (await manager.existsBy(CohortPartner, { cohortId, academyId: actor.academyId, status: 'accepted' }))
    ) {
      return { cohort, staff: false, academyScope: actor.academyId, trainer: false };
    }
    throw new NotFound('cohort');
  }

  /** Staff who run the cohort: its trainers, the owner academy's administrators, platform administrators. */
  private async runner(actor: AuthUser, cohortId: string, manager: EntityManager, lock = false): Promise<Cohort> {
    const access = await this.access(actor, cohortId, manager, lock);
    if (!access.staff) throw new Forbidden();
    return access.cohort;
  }

  private open(cohort: Cohort): void {
    if (cohort.status === 'closed') throw new Conflict('cohort_closed');
  }

  private record(
    manager: EntityManager,
    actor: AuthUser | null,
    cohort: Cohort,
    action: string,
    entityType: string,
    entityId: string,
    before: object | null,
    after: object | null,
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: actor?.id ?? null,
      academyId: cohort.academyId,
      action,
      entityType,
      entityId,
      before: before as Record<string, unknown> | null,
      after: after as Record<string, unknown> | null,
    });
  }

  // ---- cohorts ----------------------------------------------------------------------------------

  async create(actor: AuthUser, dto: CreateCohortDto): Promise<Cohort> {
    const academyId = actor.academyId;
    if (!academyId) throw new BadInput('academy_required');
    if (dto.endsOn < dto.startsOn) throw new ValidationFailed([{ field: 'endsOn', constraint: 'endsBeforeStart' }]);
    return this.dataSource.transaction(async (manager) => {
      const version = await manager.findOneBy(CourseVersion, { id: dto.courseVersionId });
      if (
        !version ||
        !(version.snapshot.course.shared || version.snapshot.course.academyId === academyId || hasRole(actor, 'platform_admin'))
      ) {
        throw new NotFound('course_version');
      }
      const trainerIds = [...new Set([...dto.trainerIds, ...(hasRole(actor, 'trainer') ? [actor.id] : [])])];
      const trainers = trainerIds.length
        ? await manager.query<{ id: string }[]>(
            `SELECT id FROM users WHERE id = ANY($1) AND academy_id = $2 AND 'trainer' = ANY(roles) AND active`,
            [trainerIds, academyId],
          )
        : [];
      if (trainers.length !== trainerIds.length) throw new ValidationFailed([{ field: 'trainerIds', constraint: 'trainersOfAcademy' }]);
      const partnerIds = [...new Set(dto.partnerAcademyIds ?? [])].filter((id) => id !== academyId);
      if (
        partnerIds.length &&
        (await manager.countBy(
          Academy,
          partnerIds.map((id) => ({ id })),
        )) !== partnerIds.length
      )
        throw new NotFound('academy');
      const completion = { ...DEFAULT_RULES, ...dto.completion, requiredAssessmentIds: dto.completion?.requiredAssessmentIds ?? null };
      const cohort = await manager.save(
        manager.create(Cohort, {
          academyId,
          courseVersionId: version.id,
          name: dto.name.trim(),
          locale: dto.locale,
          startsOn: dto.startsOn,
          endsOn: dto.endsOn,
          capacity: dto.capacity ?? null,
          venue: dto.venue?.trim() || null,
          status: 'planned',
          completion,
        }),
      );
      if (trainerIds.length)
        await manager.insert(
          CohortTrainer,
          trainerIds.map((userId) => ({ cohortId: cohort.id, userId })),
        );
      if (partnerIds.length) {
        await manager.insert(
          CohortPartner,
          partnerIds.map((id) => ({ cohortId: cohort.id, academyId: id, status: 'invited' as const, invitedBy: actor.id })),
        );
        await this.notifyPartnerAdmins(manager, cohort, partnerIds);
      }
      await this.record(manager, actor, cohort, 'cohort.created', 'cohort', cohort.id, null, {
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
    const platform = hasRole(actor, 'platform_admin');
    const rows = await this.dataSource.query<(Record<string, unknown> & { total: number })[]>(
      `SELECT c.id, count(*) OVER ()::int AS total,
              (SELECT count(*)::int FROM enrolments e WHERE e.cohort_id = c.id AND e.status <> 'withdrawn') AS enrolled
         FROM cohorts c
        WHERE $1::boolean
           OR ($2::boolean AND (c.academy_id = $3 OR EXISTS (SELECT 1 FROM cohort_partners p WHERE p.cohort_id = c.id AND p.academy_id = $3 AND p.status = 'accepted')))
           OR EXISTS (SELECT 1 FROM cohort_trainers t WHERE t.cohort_id = c.id AND t.user_id = $4)
        ORDER BY c.starts_on DESC, c.name LIMIT $5 OFFSET $6`,
      [platform, hasRole(actor, 'academy_admin'), actor.academyId, actor.id, limit, offset],
    );
    const cohorts = rows.length ? await this.dataSource.getRepository(Cohort).findBy(rows.map((r) => ({ id: r.id as string }))) : [];
    const byId = new Map(cohorts.map((c) => [c.id, c]));
    return { items: rows.map((r) => ({ ...byId.get(r.id as string)!, enrolled: r.enrolled as number })), total: rows[0]?.total ?? 0 };
  }

  async details(
    actor: AuthUser,
    cohortId: string,
  ): Promise<{
    access: CohortAccess;
    version: CourseVersion;
    trainers: { id: string; fullName: string }[];
    partners: PartnerView[];
    sessions: CohortSession[];
  }> {
    const access = await this.access(actor, cohortId);
    const version = await this.dataSource.getRepository(CourseVersion).findOneByOrFail({ id: access.cohort.courseVersionId });
    const trainers = await this.dataSource.query<{ id: string; fullName: string }[]>(
      `SELECT u.id, u.full_name AS "fullName" FROM cohort_trainers t JOIN users u ON u.id = t.user_id WHERE t.cohort_id = $1 ORDER BY u.full_name`,
      [cohortId],
    );
    const partners = await this.partners(cohortId);
    const sessions = await this.dataSource.getRepository(CohortSession).find({ where: { cohortId }, order: { startsAt: 'ASC' } });
    return { access, version, trainers, partners, sessions };
  }

  async setStatus(actor: AuthUser, cohortId: string, status: 'planned' | 'running'): Promise<Cohort> {
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.runner(actor, cohortId, manager, true);
      this.open(cohort);
      const before = cohort.status;
      cohort.status = status;
      await manager.save(cohort);
      await this.record(manager, actor, cohort, 'cohort.status_changed', 'cohort', cohort.id, { status: before }, { status });
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
      const cohort = await this.runner(actor, cohortId, manager, true);
      this.open(cohort);
      const facts = await this.versionFacts(manager, cohort.courseVersionId);
      const listed = requiredAssessments(facts.contributions, [...new Set(ids ?? [])]);
      if (ids && listed.length !== new Set(ids).size)
        throw new ValidationFailed([{ field: 'requiredAssessmentIds', constraint: 'assessmentOfVersion' }]);
      const before = cohort.completion.requiredAssessmentIds ?? null;
      cohort.completion = { ...cohort.completion, requiredAssessmentIds: ids ? listed : null };
      await manager.save(cohort);
      await this.record(
        manager,
        actor,
        cohort,
        'cohort.rules_changed',
        'cohort',
        cohort.id,
        { requiredAssessmentIds: before },
        {
          requiredAssessmentIds: cohort.completion.requiredAssessmentIds,
        },
      );
      const wasCompleted = await manager.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM enrolments WHERE cohort_id = $1 AND status = 'completed'`,
        [cohort.id],
      );
      const rows = await this.evaluate(manager, cohort, null, actor);
      const completed = rows.filter((r) => r.status === 'completed').length - wasCompleted[0].n;
      return { required: requiredAssessments(facts.contributions, cohort.completion.requiredAssessmentIds), completed };
    });
  }

  /** Closes the cohort: everyone not completed becomes not_completed, with the rules they did not meet. */
  async close(actor: AuthUser, cohortId: string): Promise<{ completed: number; notCompleted: number }> {
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.runner(actor, cohortId, manager, true);
      this.open(cohort);
      const roster = await this.progressRows(manager, cohort);
      let notCompleted = 0;
      for (const entry of roster.filter((r) => r.status === 'in_progress')) {
        await manager.update(Enrolment, entry.enrolmentId, { status: 'not_completed', unmetRules: entry.unmet });
        await this.record(
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
      cohort.status = 'closed';
      cohort.closedAt = new Date();
      await manager.save(cohort);
      await this.record(manager, actor, cohort, 'cohort.closed', 'cohort', cohort.id, null, { notCompleted });
      return { completed: roster.filter((r) => r.status === 'completed').length, notCompleted };
    });
  }

  // ---- partner academies ---------------------------------------------------------------------------

  /** The academies whose people take part: the owner and the partners that accepted. */
  private async academiesOf(manager: EntityManager, cohort: Cohort): Promise<string[]> {
    const accepted = await manager.findBy(CohortPartner, { cohortId: cohort.id, status: 'accepted' });
    return [cohort.academyId, ...accepted.map((p) => p.academyId)];
  }

  /** Every partnership of a cohort with where it stands, for both academies' cohort pages. */
  async partners(cohortId: string): Promise<PartnerView[]> {
    return this.dataSource.query<PartnerView[]>(
      `SELECT p.academy_id AS "academyId", p.status, p.invited_at AS "invitedAt", p.decided_at AS "decidedAt",
              i.full_name AS "invitedBy", d.full_name AS "decidedBy"
         FROM cohort_partners p LEFT JOIN users i ON i.id = p.invited_by LEFT JOIN users d ON d.id = p.decided_by
        WHERE p.cohort_id = $1 ORDER BY p.invited_at, p.academy_id`,
      [cohortId],
    );
  }

  /**
   * Invitations to the actor's academy (academy administrators): pending ones first, then those
   * decided. An invitation shows what the partner needs to decide and nothing of the owner's people.
   */
  async invitations(actor: AuthUser): Promise<PartnerInvitation[]> {
    if (!hasRole(actor, 'academy_admin') || !actor.academyId) return [];
    return this.dataSource.query<PartnerInvitation[]>(
      `SELECT c.id AS "cohortId", c.name AS "cohortName", c.academy_id AS "ownerAcademyId", c.course_version_id AS "courseVersionId",
              c.starts_on AS "startsOn", c.ends_on AS "endsOn", c.status AS "cohortStatus", p.status, p.invited_at AS "invitedAt",
              p.decided_at AS "decidedAt", i.full_name AS "invitedBy", v.snapshot->'course'->'title' AS "courseTitle"
         FROM cohort_partners p JOIN cohorts c ON c.id = p.cohort_id LEFT JOIN users i ON i.id = p.invited_by
         JOIN course_versions v ON v.id = c.course_version_id
        WHERE p.academy_id = $1
        ORDER BY (p.status = 'invited') DESC, p.invited_at DESC LIMIT 200`,
      [actor.academyId],
    );
  }

  /** The partner academy's administrator accepts or declines an invitation, once; audited. */
  async decidePartnership(actor: AuthUser, cohortId: string, academyId: string, decision: 'accepted' | 'declined'): Promise<PartnerView> {
    if (!hasRole(actor, 'academy_admin') || actor.academyId !== academyId) throw new NotFound('invitation');
    await this.dataSource.transaction(async (manager) => {
      const partner = await manager.findOne(CohortPartner, { where: { cohortId, academyId }, lock: { mode: 'pessimistic_write' } });
      if (!partner) throw new NotFound('invitation');
      const cohort = await manager.findOneByOrFail(Cohort, { id: cohortId });
      if (partner.status !== 'invited') throw new Conflict('invitation_decided', { status: partner.status });
      if (cohort.status === 'closed') throw new Conflict('cohort_closed');
      await manager.update(CohortPartner, { cohortId, academyId }, { status: decision, decidedBy: actor.id, decidedAt: new Date() });
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId,
        action: decision === 'accepted' ? 'cohort.partnership_accepted' : 'cohort.partnership_declined',
        entityType: 'cohort',
        entityId: cohortId,
        before: { status: 'invited' },
        after: { status: decision, ownerAcademyId: cohort.academyId, partnerAcademyId: academyId },
      });
    });
    return (await this.partners(cohortId)).find((p) => p.academyId === academyId)!;
  }

  /** Tells the partner academies' administrators that they were invited, in their inbox. */
  private async notifyPartnerAdmins(manager: EntityManager, cohort: Cohort, academyIds: string[]): Promise<void> {
    const admins = await manager.query<{ id: string }[]>(
      `SELECT id FROM users WHERE academy_id = ANY($1) AND 'academy_admin' = ANY(roles) AND active`,
      [academyIds],
    );
    for (const admin of admins) {
      await this.notify(manager, admin.id, 'partner_invited', `partner_invited:${cohort.id}`, {
        cohortId: cohort.id,
        cohortName: cohort.name,
        startsOn: cohort.startsOn,
      });
    }
  }

  /**
   * How a reader stands to a course version: staff of a cohort that runs it (its trainers, its
   * academy's administrators and those of partner academies that accepted), or a learner enrolled in one.
   */
  async versionRelation(actor: AuthUser, versionId: string): Promise<'staff' | 'learner' | undefined> {
    const [row] = await this.dataSource.query<{ staff: boolean; learner: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM cohorts c WHERE c.course_version_id = $1 AND (
                EXISTS (SELECT 1 FROM cohort_trainers t WHERE t.cohort_id = c.id AND t.user_id = $2 AND $3::boolean)
                OR ($4::boolean AND (c.academy_id = $5
                    OR EXISTS (SELECT 1 FROM cohort_partners p WHERE p.cohort_id = c.id AND p.academy_id = $5 AND p.status = 'accepted'))))) AS staff,
              EXISTS (SELECT 1 FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id
                       WHERE e.user_id = $2 AND c.course_version_id = $1 AND e.status <> 'withdrawn') AS learner`,
      [versionId, actor.id, hasRole(actor, 'trainer'), hasRole(actor, 'academy_admin'), actor.academyId],
    );
    return row.staff ? 'staff' : row.learner ? 'learner' : undefined;
  }

  // ---- enrolment ----------------------------------------------------------------------------------

  /**
   * Enrols learners by id. Each one is checked (exists, is a learner, belongs to the owner or a
   * partner academy, is not already enrolled, there is room) and skipped with a reason otherwise.
   */
  async enrol(actor: AuthUser, cohortId: string, userIds: string[]): Promise<{ enrolled: string[]; skipped: SkippedEnrolment[] }> {
    return this.dataSource.transaction(async (manager) => {
      const access = await this.access(actor, cohortId, manager, true);
      const cohort = access.cohort;
      this.open(cohort);
      if (!access.staff && !access.academyScope) throw new Forbidden();
      const allowed = new Set(await this.academiesOf(manager, cohort));
      const users = userIds.length
        ? await manager.findBy(
            User,
            [...new Set(userIds)].map((id) => ({ id })),
          )
        : [];
      const byId = new Map(users.map((u) => [u.id, u]));
      const [{ count }] = await manager.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM enrolments WHERE cohort_id = $1 AND status <> 'withdrawn'`,
        [cohortId],
      );
      let seats = cohort.capacity === null ? Number.POSITIVE_INFINITY : cohort.capacity - count;
      const enrolled: string[] = [];
      const skipped: SkippedEnrolment[] = [];
      for (const userId of [...new Set(userIds)]) {
        const user = byId.get(userId);
        const skip = (reason: string): void => void skipped.push({ userId, reason });
        if (!user || !user.active) skip('unknown_user');
        else if (!user.academyId || !allowed.has(user.academyId)) skip('academy_not_in_cohort');
        else if (access.academyScope && user.academyId !== access.academyScope) skip('not_your_academy');
        else if (!user.roles.includes('learner')) skip('not_a_learner');
        else if (await this.hasOpenEnrolment(manager, cohortId, userId)) skip('already_enrolled');
        else if (seats <= 0) skip('cohort_full');
        else {
          const enrolment = await manager.save(
            manager.create(Enrolment, { cohortId, userId, status: 'in_progress', enrolledBy: actor.id }),
          );
          await this.notify(manager, userId, 'enrolled', `enrolled:${enrolment.id}`, {
            cohortId,
            cohortName: cohort.name,
            startsOn: cohort.startsOn,
            courseVersionId: cohort.courseVersionId,
          });
          await this.record(manager, actor, cohort, 'enrolment.created', 'enrolment', enrolment.id, null, { cohortId, userId });
          enrolled.push(userId);
          seats--;
        }
      }
      return { enrolled, skipped };
    });
  }

  private async hasOpenEnrolment(manager: EntityManager, cohortId: string, userId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM enrolments WHERE cohort_id = $1 AND user_id = $2 AND status <> 'withdrawn'`,
      [cohortId, userId],
    );
    return rows.length > 0;
  }

  /**
   * Enrols the people named in a list of email addresses (CSV with an `email` column, or one address a
   * line). Addresses of people outside the cohort's academies are reported as unknown.
   */
  async enrolByEmails(actor: AuthUser, cohortId: string, text: string): Promise<{ enrolled: string[]; skipped: SkippedEnrolment[] }> {
    const emails = parseEmails(text);
    if (!emails.length) throw new BadInput('no_emails');
    // Only the people of the academies taking part are looked up: an address of anyone else gets the
    // same answer as an address nobody has, so staff cannot probe who has an account elsewhere.
    const access = await this.access(actor, cohortId);
    const academies = access.academyScope ? [access.academyScope] : await this.academiesOf(this.dataSource.manager, access.cohort);
    const users = await this.dataSource.query<{ id: string; email: string }[]>(
      'SELECT id, email FROM users WHERE email = ANY($1) AND academy_id = ANY($2)',
      [emails, academies],
    );
    const byEmail = new Map(users.map((u) => [u.email, u.id]));
    const unknown = emails.filter((e) => !byEmail.has(e)).map((email) => ({ email, reason: 'unknown_email' }));
    const result = await this.enrol(actor, cohortId, [...byEmail.values()]);
    const emailOf = new Map(users.map((u) => [u.id, u.email]));
    return {
      enrolled: result.enrolled,
      skipped: [...unknown, ...result.skipped.map((s) => ({ ...s, email: s.userId ? emailOf.get(s.userId) : undefined }))],
    };
  }

  async withdraw(actor: AuthUser, cohortId: string, userId: string, reason?: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.access(actor, cohortId, manager, true);
      this.open(access.cohort);
      const enrolment = await manager.findOne(Enrolment, {
        where: { cohortId, userId, status: 'in_progress' },
        lock: { mode: 'pessimistic_write' },
      });
      if (!enrolment) throw new NotFound('enrolment');
      if (access.academyScope) {
        const user = await manager.findOneBy(User, { id: userId });
        if (user?.academyId !== access.academyScope) throw new NotFound('enrolment');
      }
      await manager.update(Enrolment, enrolment.id, {
        status: 'withdrawn',
        withdrawnAt: new Date(),
        withdrawalReason: reason?.trim() || null,
      });
      await this.record(
        manager,
        actor,
        access.cohort,
        'enrolment.withdrawn',
        'enrolment',
        enrolment.id,
        { status: 'in_progress' },
        { status: 'withdrawn', reason: reason ?? null },
      );
    });
  }

  /** Every enrolment period of the cohort (withdrawn ones too), with progress; partners see their own people. */
  async roster(
    actor: AuthUser,
    cohortId: string,
    options: { includeWithdrawn?: boolean } = {},
  ): Promise<{ cohort: Cohort; items: RosterEntry[] }> {
    const access = await this.access(actor, cohortId);
    const items = await this.progressRows(this.dataSource.manager, access.cohort, {
      academyIds: access.academyScope ? [access.academyScope] : await this.academiesOf(this.dataSource.manager, access.cohort),
      includeWithdrawn: options.includeWithdrawn ?? true,
    });
    return { cohort: access.cohort, items };
  }

  /** People of the actor's academies who could be enrolled: the searchable list of the enrolment page. */
  async candidates(
    actor: AuthUser,
    cohortId: string,
    q: string,
    limit = 50,
  ): Promise<{ id: string; fullName: string; email: string; agency: string | null }[]> {
    const access = await this.access(actor, cohortId);
    const academies = access.academyScope ? [access.academyScope] : await this.academiesOf(this.dataSource.manager, access.cohort);
    return this.dataSource.query(
      `SELECT u.id, u.full_name AS "fullName", u.email, u.agency FROM users u
        WHERE u.academy_id = ANY($1) AND 'learner' = ANY(u.roles) AND u.active
          AND ($2 = '' OR u.full_name ILIKE $3 OR u.email ILIKE $3 OR u.agency ILIKE $3)
          AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.cohort_id = $4 AND e.user_id = u.id AND e.status <> 'withdrawn')
        ORDER BY u.full_name LIMIT $5`,
      [academies, q, `%${q.replace(/[%_\\]/g, '\\$&')}%`, cohortId, limit],
    );
  }

  // ---- sessions and attendance ----------------------------------------------------------------------

  async addSession(actor: AuthUser, cohortId: string, dto: CreateSessionDto): Promise<CohortSession> {
    if (new Date(dto.endsAt) <= new Date(dto.startsAt)) throw new ValidationFailed([{ field: 'endsAt', constraint: 'endsBeforeStart' }]);
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.runner(actor, cohortId, manager, true);
      this.open(cohort);
      const session = await manager.save(
        manager.create(CohortSession, {
          cohortId,
          startsAt: new Date(dto.startsAt),
          endsAt: new Date(dto.endsAt),
          venue: dto.venue?.trim() || cohort.venue,
          title: dto.title?.trim() || null,
        }),
      );
      await this.record(manager, actor, cohort, 'session.created', 'session', session.id, null, {
        startsAt: dto.startsAt,
        endsAt: dto.endsAt,
        venue: session.venue,
      });
      return session;
    });
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
    const cohort = await this.runner(actor, cohortId, this.dataSource.manager);
    const session = await this.dataSource.getRepository(CohortSession).findOneBy({ id: sessionId, cohortId });
    if (!session) throw new NotFound('session');
    const learners = await this.dataSource.query<{ userId: string; fullName: string; agency: string | null; status: string | null }[]>(
      `SELECT u.id AS "userId", u.full_name AS "fullName", u.agency, a.status
         FROM enrolments e JOIN users u ON u.id = e.user_id
         LEFT JOIN attendance a ON a.session_id = $2 AND a.user_id = e.user_id
        WHERE e.cohort_id = $1 AND e.status IN ('in_progress', 'completed')
        ORDER BY u.full_name`,
      [cohortId, sessionId],
    );
    return { cohort, session, learners };
  }

  /** Saves a session's register (last write wins per learner) and completes whoever it completes. */
  async saveAttendance(actor: AuthUser, cohortId: string, sessionId: string, input: AttendanceDto): Promise<{ saved: number }> {
    const dto = await validated(AttendanceDto, input);
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.runner(actor, cohortId, manager);
      this.open(cohort);
      const session = await manager.findOne(CohortSession, { where: { id: sessionId, cohortId }, lock: { mode: 'pessimistic_write' } });
      if (!session) throw new NotFound('session');
      const records = new Map(dto.records.map((r) => [r.userId, r.status]));
      // Lock every open enrolment of the cohort in one order: completion is decided once, without deadlocks.
      const enrolments = await manager.query<{ id: string; user_id: string }[]>(
        `SELECT id, user_id FROM enrolments WHERE cohort_id = $1 AND status IN ('in_progress', 'completed') ORDER BY id FOR UPDATE`,
        [cohortId],
      );
      const enrolled = new Set(enrolments.map((e) => e.user_id));
      const strangers = [...records.keys()].filter((id) => !enrolled.has(id));
      if (strangers.length)
        throw new BadInput(
          'not_enrolled',
          { count: strangers.length },
          strangers.map((userId) => ({ userId })),
        );
      for (const [userId, status] of records) {
        await manager.query(
          `INSERT INTO attendance (session_id, user_id, status, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, now())
           ON CONFLICT (session_id, user_id) DO UPDATE SET status = EXCLUDED.status, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
          [sessionId, userId, status, actor.id],
        );
      }
      if (!session.registerTakenAt) await manager.update(CohortSession, session.id, { registerTakenAt: new Date() });
      await this.record(manager, actor, cohort, 'attendance.saved', 'session', session.id, null, { records: Object.fromEntries(records) });
      // Taking a register can meet the attendance rule of anyone: evaluate every open enrolment.
      await this.evaluate(manager, cohort, null, actor);
      return { saved: records.size };
    });
  }

  /** Every attendance mark of the cohort's held sessions, for the attendance grid. */
  attendanceMarks(cohortId: string): Promise<{ sessionId: string; userId: string; status: AttendanceStatus }[]> {
    return this.dataSource.query(
      `SELECT a.session_id AS "sessionId", a.user_id AS "userId", a.status FROM attendance a JOIN cohort_sessions s ON s.id = a.session_id
        WHERE s.cohort_id = $1 AND s.register_taken_at IS NOT NULL`,
      [cohortId],
    );
  }

  // ---- progress and completion --------------------------------------------------------------------------

  /** Marks a lesson done for the signed-in learner (repeat is harmless) and completes them if it was the last rule. */
  async completeLesson(
    actor: AuthUser,
    cohortId: string,
    lessonId: string,
  ): Promise<{ lessonsDone: number; lessonsTotal: number; status: EnrolmentStatus }> {
    return this.dataSource.transaction(async (manager) => {
      const cohort = await manager.findOneBy(Cohort, { id: cohortId });
      if (!cohort) throw new NotFound('cohort');
      // Lock the learner's enrolment first: concurrent completions of the last lesson are decided one at a time.
      const [enrolment] = await manager.query<{ id: string; status: EnrolmentStatus }[]>(
        `SELECT id, status FROM enrolments WHERE cohort_id = $1 AND user_id = $2 AND status IN ('in_progress', 'completed') FOR UPDATE`,
        [cohortId, actor.id],
      );
      if (!enrolment) throw new NotFound('cohort');
      const lessonIds = await this.lessonIds(manager, cohort);
      if (!lessonIds.includes(lessonId)) throw new NotFound('lesson');
      if (cohort.status !== 'closed') {
        await manager.query(`INSERT INTO lesson_completions (cohort_id, user_id, lesson_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
          cohortId,
          actor.id,
          lessonId,
        ]);
      }
      const [row] = await this.evaluate(manager, cohort, actor.id, actor);
      return { lessonsDone: row?.progress.lessonsDone ?? 0, lessonsTotal: lessonIds.length, status: row?.status ?? enrolment.status };
    });
  }

  /**
   * Told by the assessments context, inside its own transaction, that a learner passed an
   * assessment of the cohort. Idempotent; completes the enrolment if that was the last rule.
   */
  async recordAssessmentPassed(manager: EntityManager, cohortId: string, userId: string, assessmentId: string): Promise<void> {
    const cohort = await manager.findOneBy(Cohort, { id: cohortId });
    if (!cohort) throw new NotFound('cohort');
    const locked = await manager.query<unknown[]>(
      `SELECT id FROM enrolments WHERE cohort_id = $1 AND user_id = $2 AND status IN ('in_progress', 'completed') FOR UPDATE`,
      [cohortId, userId],
    );
    if (!locked.length) throw new NotFound('enrolment');
    await manager.query(`INSERT INTO assessment_passes (cohort_id, user_id, assessment_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
      cohortId,
      userId,
      assessmentId,
    ]);
    await this.evaluate(manager, cohort, userId, null);
  }

  /** The learner's own view of their cohorts: progress and what is left, next session. */
  async mine(
    actor: AuthUser,
  ): Promise<{ cohort: Cohort; version: CourseVersion; entry: RosterEntry; nextSession: CohortSession | null }[]> {
    const enrolments = await this.dataSource.query<{ cohort_id: string }[]>(
      `SELECT cohort_id FROM enrolments WHERE user_id = $1 AND status <> 'withdrawn' ORDER BY enrolled_at DESC`,
      [actor.id],
    );
    const result = [];
    for (const { cohort_id } of enrolments) {
      const cohort = await this.dataSource.getRepository(Cohort).findOneByOrFail({ id: cohort_id });
      const version = await this.dataSource.getRepository(CourseVersion).findOneByOrFail({ id: cohort.courseVersionId });
      const [entry] = await this.progressRows(this.dataSource.manager, cohort, { userId: actor.id });
      const nextSession = await this.dataSource
        .getRepository(CohortSession)
        .createQueryBuilder('s')
        .where('s.cohort_id = :id AND s.ends_at > now()', { id: cohort.id })
        .orderBy('s.starts_at', 'ASC')
        .getOne();
      if (entry) result.push({ cohort, version, entry, nextSession });
    }
    return result;
  }

  /** For the reading pages: the learner's open enrolment in a cohort and the lessons they have done. */
  async learnerState(
    actor: AuthUser,
    cohortId: string,
  ): Promise<{ cohort: Cohort; done: Set<string>; status: EnrolmentStatus } | undefined> {
    const cohort = await this.dataSource.getRepository(Cohort).findOneBy({ id: cohortId });
    if (!cohort) return undefined;
    const [enrolment] = await this.dataSource.query<{ status: EnrolmentStatus }[]>(
      `SELECT status FROM enrolments WHERE cohort_id = $1 AND user_id = $2 AND status <> 'withdrawn'`,
      [cohortId, actor.id],
    );
    if (!enrolment) return undefined;
    const done = await this.dataSource.query<{ lesson_id: string }[]>(
      'SELECT lesson_id FROM lesson_completions WHERE cohort_id = $1 AND user_id = $2',
      [cohortId, actor.id],
    );
    return { cohort, done: new Set(done.map((d) => d.lesson_id)), status: enrolment.status };
  }

  private versionCache = new Map<string, { lessonIds: string[]; contributions: Record<string, unknown> }>();

  /** A version is immutable: what it teaches is read once per process. */
  private async versionFacts(
    manager: EntityManager,
    versionId: string,
  ): Promise<{ lessonIds: string[]; contributions: Record<string, unknown> }> {
    let facts = this.versionCache.get(versionId);
    if (!facts) {
      const version = await manager.findOneByOrFail(CourseVersion, { id: versionId });
      facts = {
        lessonIds: version.snapshot.modules.flatMap((m) => m.lessons.map((l) => l.id)),
        contributions: version.snapshot.contributions,
      };
      this.versionCache.set(versionId, facts);
    }
    return facts;
  }

  private async lessonIds(manager: EntityManager, cohort: Cohort): Promise<string[]> {
    return (await this.versionFacts(manager, cohort.courseVersionId)).lessonIds;
  }

  /**
   * Progress of the cohort's learners in one query: lessons done, attendance over held sessions,
   * assessments passed, and from those the rules still unmet.
   */
  private async progressRows(
    manager: EntityManager,
    cohort: Cohort,
    filter: { userId?: string; academyIds?: string[]; includeWithdrawn?: boolean } = {},
  ): Promise<RosterEntry[]> {
    const facts = await this.versionFacts(manager, cohort.courseVersionId);
    const required = requiredAssessments(facts.contributions, cohort.completion.requiredAssessmentIds);
    const [sessions] = await manager.query<{ total: number; held: number }[]>(
      `SELECT count(*)::int AS total, count(register_taken_at)::int AS held FROM cohort_sessions WHERE cohort_id = $1`,
      [cohort.id],
    );
    const rows = await manager.query<ProgressRow[]>(
      `SELECT e.id AS enrolment_id, e.user_id, u.full_name, u.email, u.academy_id, u.agency, e.status, e.enrolled_at, e.completed_at,
              coalesce(l.done, 0) AS lessons_done, coalesce(a.attended, 0) AS attended, coalesce(a.excused, 0) AS excused, p.passed
         FROM enrolments e
         JOIN users u ON u.id = e.user_id
         LEFT JOIN (SELECT user_id, count(*)::int AS done FROM lesson_completions WHERE cohort_id = $1 AND lesson_id = ANY($2::uuid[]) GROUP BY user_id) l ON l.user_id = e.user_id
         LEFT JOIN (SELECT a.user_id, count(*) FILTER (WHERE a.status IN ('present', 'late'))::int AS attended, count(*) FILTER (WHERE a.status = 'excused')::int AS excused
                      FROM attendance a JOIN cohort_sessions s ON s.id = a.session_id
                     WHERE s.cohort_id = $1 AND s.register_taken_at IS NOT NULL GROUP BY a.user_id) a ON a.user_id = e.user_id
         LEFT JOIN (SELECT user_id, array_agg(assessment_id::text) AS passed FROM assessment_passes WHERE cohort_id = $1 GROUP BY user_id) p ON p.user_id = e.user_id
        WHERE e.cohort_id = $1
          AND ($3::uuid IS NULL OR e.user_id = $3)
          AND ($4::uuid[] IS NULL OR u.academy_id = ANY($4::uuid[]))
          AND ($5::boolean OR e.status <> 'withdrawn')
        ORDER BY u.full_name, e.enrolled_at`,
      [cohort.id, facts.lessonIds, filter.userId ?? null, filter.academyIds ?? null, filter.includeWithdrawn ?? false],
    );
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
  private async evaluate(manager: EntityManager, cohort: Cohort, userId: string | null, actor: AuthUser | null): Promise<RosterEntry[]> {
    const rows = await this.progressRows(manager, cohort, { userId: userId ?? undefined });
    if (cohort.status === 'closed') return rows;
    for (const row of rows) {
      if (row.status !== 'in_progress' || row.unmet.length) continue;
      const done = await manager.query<unknown[]>(
        `WITH changed AS (UPDATE enrolments SET status = 'completed', completed_at = now() WHERE id = $1 AND status = 'in_progress' RETURNING id) SELECT id FROM changed`,
        [row.enrolmentId],
      );
      if (!done.length) continue;
      row.status = 'completed';
      row.completedAt = new Date();
      await this.record(
        manager,
        actor,
        cohort,
        'enrolment.completed',
        'enrolment',
        row.enrolmentId,
        { status: 'in_progress' },
        { status: 'completed', progress: row.progress },
      );
      await this.notify(manager, row.userId, 'completed', `completed:${row.enrolmentId}`, {
        cohortId: cohort.id,
        cohortName: cohort.name,
        courseVersionId: cohort.courseVersionId,
      });
    }
    return rows;
  }

  private async notify(
    manager: EntityManager,
    userId: string,
    kind: string,
    dedupeKey: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO notifications (user_id, kind, data, dedupe_key) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, kind, dedupe_key) DO NOTHING`,
      [userId, kind, JSON.stringify(data), dedupeKey],
    );
  }
}

/** Behind: the cohort is more than half way through its dates and the learner less than half through the lessons. */
function behindOnLessons(cohort: Cohort, p: LearnerProgress): boolean {
  const start = Date.parse(cohort.startsOn);
  const end = Date.parse(cohort.endsOn) + 86_400_000;
  const elapsed = (Date.now() - start) / Math.max(1, end - start);
  return p.lessonsTotal > 0 && elapsed > 0.5 && p.lessonsDone / p.lessonsTotal < elapsed - 0.25;
}

/** Email addresses from a CSV with an `email` column, or from plain text, one or more per line. */
export function parseEmails(text: string): string[] {
  const clean = text.replace(/^\uFEFF/, '').trim();
  let candidates: string[];
  const firstLine = clean.split(/\r?\n/)[0]?.toLowerCase() ?? '';
  if (
    firstLine
      .split(/[,;]/)
      .map((h) => h.trim())
      .includes('email')
  ) {
    let rows: Record<string, string>[];
    try {
      rows = parse<Record<string, string>>(clean, {
        columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
        skip_empty_lines: true,
        trim: true,
        relax_column_count: true,
      });
    } catch (error) {
      // A stray quote or the like: the person is told what the file's problem is (400), not an internal error.
      throw new BadInput('csv_unreadable', { reason: error instanceof Error ? error.message : String(error) });
    }
    candidates = rows.map((r) => r.email ?? '');
  } else {
    candidates = clean.split(/[\s,;]+/);
  }
  return [...new Set(candidates.map((e) => e.trim().toLowerCase()).filter((e) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)))];
}
