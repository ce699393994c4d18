import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse/sync';
import { DataSource, type EntityManager } from 'typeorm';
import { BadInput, Forbidden, NotFound } from '@probity/i18n';
import { type AuthUser, UsersService } from '@probity/identity';
import { type CohortAccess, CohortAccessService } from './cohort-access.service';
import type { Cohort } from './entities/cohort.entity';
import { PartnersService } from './partners.service';
import { ProgressService, type RosterEntry } from './progress.service';
import { EnrolmentRepository } from './repositories/enrolment.repository';
import { NotificationRepository } from './repositories/notification.repository';

export interface SkippedEnrolment {
  userId?: string;
  email?: string;
  reason: string;
}

/** Who is in a cohort: enrolling (by id or a list of addresses), withdrawing, the roster and the people who could join. */
@Injectable()
export class EnrolmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly enrolments: EnrolmentRepository,
    private readonly notifications: NotificationRepository,
    private readonly access: CohortAccessService,
    private readonly partners: PartnersService,
    private readonly progress: ProgressService,
    private readonly users: UsersService,
  ) {}

  /**
   * Enrols learners by id. Each one is checked (exists, is a learner, belongs to the owner or a
   * partner academy, is not already enrolled, there is room) and skipped with a reason otherwise.
   */
  async enrol(actor: AuthUser, cohortId: string, userIds: string[]): Promise<{ enrolled: string[]; skipped: SkippedEnrolment[] }> {
    return this.dataSource.transaction(async (manager) => {
      const { access, allowed } = await this.forEnrolment(manager, actor, cohortId);
      return this.enrolIn(manager, actor, access, allowed, userIds);
    });
  }

  /**
   * Enrols the people named in a list of email addresses (CSV with an `email` column, or one address a
   * line). Addresses of people outside the cohort's academies are reported as unknown.
   */
  async enrolByEmails(actor: AuthUser, cohortId: string, text: string): Promise<{ enrolled: string[]; skipped: SkippedEnrolment[] }> {
    const emails = parseEmails(text);
    if (!emails.length) throw new BadInput('no_emails');
    return this.dataSource.transaction(async (manager) => {
      const { access, allowed } = await this.forEnrolment(manager, actor, cohortId);
      // Only the people of the academies taking part are looked up: an address of anyone else gets the
      // same answer as an address nobody has, so staff cannot probe who has an account elsewhere.
      const users = await this.users.byEmails(emails, access.academyScope ? [access.academyScope] : allowed, manager);
      const byEmail = new Map(users.map((u) => [u.email, u.id]));
      const unknown = emails.filter((e) => !byEmail.has(e)).map((email) => ({ email, reason: 'unknown_email' }));
      const result = await this.enrolIn(manager, actor, access, allowed, [...byEmail.values()]);
      const emailOf = new Map(users.map((u) => [u.id, u.email]));
      return {
        enrolled: result.enrolled,
        skipped: [...unknown, ...result.skipped.map((s) => ({ ...s, email: s.userId ? emailOf.get(s.userId) : undefined }))],
      };
    });
  }

  /** The cohort locked for enrolment by someone who may enrol, and the academies whose people may join it. */
  private async forEnrolment(
    manager: EntityManager,
    actor: AuthUser,
    cohortId: string,
  ): Promise<{ access: CohortAccess; allowed: string[] }> {
    const access = await this.access.access(actor, cohortId, manager, true);
    this.access.open(access.cohort);
    if (!access.staff && !access.academyScope) throw new Forbidden();
    return { access, allowed: await this.partners.academiesOf(access.cohort, manager) };
  }

  private async enrolIn(
    manager: EntityManager,
    actor: AuthUser,
    access: CohortAccess,
    allowedAcademies: string[],
    userIds: string[],
  ): Promise<{ enrolled: string[]; skipped: SkippedEnrolment[] }> {
    const { cohort } = access;
    const allowed = new Set(allowedAcademies);
    const users = await this.users.facts([...new Set(userIds)], manager);
    const byId = new Map(users.map((u) => [u.id, u]));
    const count = await this.enrolments.countNotWithdrawn(cohort.id, manager);
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
      else if (await this.enrolments.hasNotWithdrawn(cohort.id, userId, manager)) skip('already_enrolled');
      else if (seats <= 0) skip('cohort_full');
      else {
        const enrolment = await this.enrolments.create(manager, cohort.id, userId, actor.id);
        await this.notifications.queue(manager, userId, 'enrolled', `enrolled:${enrolment.id}`, {
          cohortId: cohort.id,
          cohortName: cohort.name,
          startsOn: cohort.startsOn,
          courseVersionId: cohort.courseVersionId,
        });
        await this.access.record(manager, actor, cohort, 'enrolment.created', 'enrolment', enrolment.id, null, {
          cohortId: cohort.id,
          userId,
        });
        enrolled.push(userId);
        seats--;
      }
    }
    return { enrolled, skipped };
  }

  async withdraw(actor: AuthUser, cohortId: string, userId: string, reason?: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, cohortId, manager, true);
      this.access.open(access.cohort);
      const enrolment = await this.enrolments.findInProgressForUpdate(manager, cohortId, userId);
      if (!enrolment) throw new NotFound('enrolment');
      if (access.academyScope && (await this.users.facts([userId], manager))[0]?.academyId !== access.academyScope) {
        throw new NotFound('enrolment');
      }
      await this.enrolments.withdraw(manager, enrolment.id, reason?.trim() || null);
      await this.access.record(
        manager,
        actor,
        access.cohort,
        'enrolment.withdrawn',
        'enrolment',
        enrolment.id,
        { status: 'in_progress' },
        { status: 'withdrawn', reason: reason ?? null },
        [userId],
      );
    });
  }

  /** Every enrolment period of the cohort (withdrawn ones too), with progress; partners see their own people. */
  async roster(
    actor: AuthUser,
    cohortId: string,
    options: { includeWithdrawn?: boolean } = {},
  ): Promise<{ cohort: Cohort; items: RosterEntry[] }> {
    const access = await this.access.access(actor, cohortId);
    const items = await this.progress.rows(access.cohort, {
      academyIds: await this.academiesInScope(access),
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
    const access = await this.access.access(actor, cohortId);
    return this.users.learnerCandidates({
      academyIds: await this.academiesInScope(access),
      q,
      excludeIds: await this.enrolments.enrolledUserIds(cohortId),
      limit,
    });
  }

  /** The academies whose people the actor sees in the cohort: a partner's own, or all that take part. */
  private async academiesInScope(access: CohortAccess): Promise<string[]> {
    return access.academyScope ? [access.academyScope] : this.partners.academiesOf(access.cohort);
  }
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
