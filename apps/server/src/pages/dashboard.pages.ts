import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CertificatesService } from '@probity/certificates';
import { AttemptsService, GradingService } from '@probity/assessments';
import { CohortTasksService, ProgressService, learnerTests } from '@probity/cohorts';
import { SurveyAnswersService } from '@probity/evaluation';
import { type Locale, formatDate, pick } from '@probity/i18n';
import { AcademiesService, type AuthUser, CurrentUser, PageAuth, ROLES, UsersService, hasRole } from '@probity/identity';
import { assistanceLinks } from '@probity/web';
import { RecommendationsService } from '@probity/assistance';
import { overdueRecommendationsPanel } from './assistance-outcomes.pages';
import { ActionItemsService, CooperationOutcomesService, DirectoryService } from '@probity/cooperation';
import { cooperationFollowUpPanel } from './cooperation-outcomes.pages';
import { unmetText } from './learn.pages';
import { ctx, render } from './page';

/** One of a learner's cohorts as `ProgressService.mine` answers it. */
type LearnerCohort = Awaited<ReturnType<ProgressService['mine']>>[number];

@ApiExcludeController()
@Controller('dashboard')
export class DashboardPages {
  constructor(
    private readonly academies: AcademiesService,
    private readonly users: UsersService,
    private readonly progress: ProgressService,
    private readonly certificates: CertificatesService,
    private readonly surveys: SurveyAnswersService,
    private readonly recommendations: RecommendationsService,
    private readonly actionItems: ActionItemsService,
    private readonly cooperationOutcomes: CooperationOutcomesService,
    private readonly directory: DirectoryService,
    private readonly cohortTasks: CohortTasksService,
    private readonly grading: GradingService,
    private readonly attempts: AttemptsService,
  ) {}

  /** One dashboard, with a panel for each role the person holds. */
  @Get()
  @PageAuth()
  async dashboard(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const locale = ctx(request).probity.locale;
    const academy = user.academyId ? await this.academies.get(user.academyId) : undefined;
    const model: Record<string, unknown> = {
      academyName: academy ? pick(academy.name, locale, academy.defaultLocale as never).text : undefined,
      roleNames: user.roles,
      isLearner: hasRole(user, 'learner'),
      isTrainer: hasRole(user, 'trainer'),
    };
    if (hasRole(user, 'learner')) {
      const mine = await this.progress.mine(user);
      const tests = await Promise.all(mine.map((m) => this.testsToDo(user, locale, m)));
      model.myCohorts = mine.map(({ cohort, version, entry, nextSession, nextLesson }, i) => ({
        id: cohort.id,
        versionId: version.id,
        name: cohort.name,
        title: pick(version.snapshot.course.title, locale, cohort.locale as Locale, user.academyLocale).text,
        status: entry.status,
        progress: entry.progress,
        percentLessons: entry.progress.lessonsTotal ? Math.round((100 * entry.progress.lessonsDone) / entry.progress.lessonsTotal) : 100,
        left: entry.unmet.map((rule) => unmetText(locale, rule, cohort.completion.minAttendancePercent)),
        nextSession,
        // What to read next: the first lesson not done, in the course's order.
        nextLesson: nextLesson && {
          id: nextLesson.id,
          title: pick(nextLesson.title, locale, cohort.locale as Locale, user.academyLocale).text,
        },
        // Tests to sit: not started yet, or started and not handed in.
        tests: tests[i],
      }));
      // Reaction surveys of the cohorts the learner completed and has not answered yet.
      model.mySurveys = (await this.surveys.mine(user))
        .filter((s) => !s.answered)
        .map((s) => ({
          id: s.survey.id,
          cohortName: s.cohort.name,
          title: pick(s.template.title, locale, s.cohort.locale as Locale).text,
        }));
      model.myCertificates = (await this.certificates.list(user, { userId: user.id })).map((c) => ({
        id: c.id,
        serial: c.serial,
        code: c.code,
        title: pick(c.record.course.title, locale, c.record.cohort.locale as Locale, 'en').text,
        issued: formatDate(locale, c.issuedAt),
        revoked: Boolean(c.revokedAt),
        bilingual: c.locale !== 'en',
      }));
    }
    if (hasRole(user, 'trainer')) model.teaching = await this.teaching(user, locale);
    if (hasRole(user, 'academy_admin') && user.academyId) {
      const counts = await this.users.countByRole(user.academyId);
      model.academyStats = {
        total: counts.total,
        roles: ROLES.filter((r) => r !== 'platform_admin').map((role) => ({ role, count: counts.byRole[role] })),
      };
      model.academyTodo = await this.academyTodo(user, locale);
    }
    if (hasRole(user, 'platform_admin')) {
      const [academies, counts] = await Promise.all([this.academies.list({ limit: 1 }), this.users.countByRole()]);
      model.platformStats = { academies: academies.total, users: counts.total };
    }
    // The Technical Assistance Facility (issue 14): where each of its roles starts, with the navigation's own links.
    const assistance = assistanceLinks(user);
    if (assistance.length) {
      const texts: string[] = [];
      if (hasRole(user, 'facility_manager', 'platform_admin')) texts.push('common:dashboard.assistance.manager');
      else if (hasRole(user, 'partner_focal_point', 'academy_admin')) texts.push('common:dashboard.assistance.focal_point');
      if (hasRole(user, 'expert')) texts.push('common:dashboard.assistance.expert');
      const linkText: Record<string, string> = {
        '/assistance/requests': 'common:dashboard.assistance.requests_link',
        '/assistance/experts': 'common:dashboard.assistance.experts_link',
        '/assistance/missions': 'common:dashboard.assistance.missions_link',
      };
      // A manager's own nav names their places ("Missions", "Facility dashboard"); the card names an expert's "My missions".
      const own = (href: string, key: string): string =>
        hasRole(user, 'facility_manager', 'platform_admin') ? key : (linkText[href] ?? key);
      model.assistance = {
        texts,
        links: assistance.map(([href, key]) => ({ href, key: href === '/assistance/missions' ? own(href, key) : (linkText[href] ?? key) })),
      };
      // Recommendations past their due date or a due 3/6-month follow-up: the facility's (managers) or the institution's own.
      model.overdueRecommendations = await overdueRecommendationsPanel(this.recommendations, user, locale);
    }
    // Cooperation initiatives (issue 15): overdue action items and outcome waves due without an answer, for facility
    // managers (all) and the owning institution's people; the directory's link for managers and people who took part.
    model.cooperationFollowUp = await cooperationFollowUpPanel(this.actionItems, this.cooperationOutcomes, user, locale);
    model.directoryLink = await this.directory.mayOpen(user);
    await render(request, reply, 'dashboard', 'common:dashboard.title', model);
  }

  /**
   * The tests on a learner's to-do in one cohort: those the cohort may still ask of them (`learnerTests`), less those
   * handed in and waiting for a grader, those already sat (a test not required), and those with no attempt left;
   * an attempt in progress is one to finish.
   */
  private async testsToDo(user: AuthUser, locale: Locale, { cohort, version, entry }: LearnerCohort) {
    const tests = learnerTests(cohort, version.snapshot.contributions, entry);
    if (!tests.length) return [];
    const attempts = await this.attempts.mine(user, cohort.id);
    return tests.flatMap((test) => {
      const mine = attempts.filter((a) => a.assessmentId === test.id);
      const open = mine.find((a) => a.status === 'in_progress' && (!a.deadline || a.deadline > new Date()));
      const handedIn = mine.filter((a) => a.status !== 'in_progress');
      if (
        !open &&
        (handedIn.some((a) => a.status === 'awaiting_grading' || !test.required) || mine.length >= (test.maxAttempts ?? Infinity))
      )
        return [];
      return [
        {
          title: pick(test.title, locale, cohort.locale as Locale, user.academyLocale).text,
          required: test.required,
          attemptId: open?.id,
        },
      ];
    });
  }

  /** A trainer's cohorts with their status, and what to do in them: registers to take, answers to grade, sessions to add. */
  private async teaching(user: AuthUser, locale: Locale) {
    const { cohorts, registersDue, unscheduled } = await this.cohortTasks.teaching(user);
    const grading: { id: string; name: string; count: number }[] = [];
    for (const { cohort } of cohorts.filter((c) => c.cohort.status === 'running' || c.cohort.status === 'finished')) {
      const { items } = await this.grading.queue(user, cohort.id);
      if (items.length) grading.push({ id: cohort.id, name: cohort.name, count: items.length });
    }
    const registers = registersDue.map((r) => ({
      cohortId: r.cohort.id,
      cohortName: r.cohort.name,
      sessionId: r.sessionId,
      title: r.title,
      startsAt: r.startsAt,
    }));
    return {
      todo: registers.length + grading.length + unscheduled.length > 0,
      registers,
      grading,
      unscheduled: unscheduled.map(({ cohort }) => ({ id: cohort.id, name: cohort.name })),
      cohorts: cohorts.map(({ cohort, courseTitle, enrolled }) => ({
        id: cohort.id,
        name: cohort.name,
        title: pick(courseTitle, locale, cohort.locale as Locale, user.academyLocale).text,
        startsOn: cohort.startsOn,
        endsOn: cohort.endsOn,
        status: cohort.status,
        enrolled,
      })),
    };
  }

  /** An academy administrator's to-do: invitations to answer, finished cohorts to close, cohorts nobody is enrolled in. */
  private async academyTodo(user: AuthUser, locale: Locale) {
    const { invitations, toClose, toEnrol } = await this.cohortTasks.academy(user);
    if (!invitations.length && !toClose.length && !toEnrol.length) return undefined;
    const academyName = async (id: string): Promise<string> => {
      const academy = await this.academies.get(id);
      return pick(academy.name, locale, academy.defaultLocale as never).text;
    };
    return {
      invitations: await Promise.all(
        invitations.map(async (i) => ({
          cohortId: i.cohortId,
          cohortName: i.cohortName,
          academyName: await academyName(i.ownerAcademyId),
          startsOn: i.startsOn,
          endsOn: i.endsOn,
        })),
      ),
      toClose: toClose.map(({ cohort }) => ({ id: cohort.id, name: cohort.name, endsOn: cohort.endsOn })),
      toEnrol: toEnrol.map(({ cohort }) => ({ id: cohort.id, name: cohort.name, startsOn: cohort.startsOn, endsOn: cohort.endsOn })),
    };
  }
}
