import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { NotificationsService } from '@probity/cohorts';
import { Conflict, type FieldViolation, Forbidden, type LocaleMap, NotFound, ValidationFailed } from '@probity/i18n';
import type { AuthUser } from '@probity/identity';
import type { MissionReportDto } from './dto/outcomes.dto';
import type { MissionReport } from './entities/mission-record.entity';
import { MissionEvaluationsService } from './mission-evaluations.service';
import { REPORTABLE_MISSION_STATES, missingForSubmission } from './mission-evaluations-model';
import { type OutcomeAccess, OutcomeAccessService } from './mission-reports-access.service';
import { type MissionExpertFacts, type MissionFacts, OutcomesRepository, type RecommendationRow } from './repositories/outcomes.repository';

/** A mission's report as one reader sees it. */
export interface ReportView {
  mission: MissionFacts;
  experts: MissionExpertFacts[];
  /** Null: the lead expert has not started it. */
  report: MissionReport | null;
  authorName: string | null;
  recommendations: RecommendationRow[];
  /** Names of the institutions that own recommendations. */
  institutionNames: Map<string, LocaleMap>;
  /** The reader is the lead expert and the report is a draft. */
  editable: boolean;
  /** The reader is a facility manager or the host: they may follow up the recommendations. */
  follows: boolean;
}

/**
 * The lead expert's report of a mission (issue 14 point 5): activities, findings and recommendations (each with an
 * owner and a due date), written by the person whose account is the mission's lead expert while it is a draft, then
 * submitted once the mission is running or delivered (complete: activities, findings, at least one recommendation) and
 * read-only from then on. Submitting asks everyone concerned to evaluate the mission and tells the host. Read by the
 * lead expert and facility managers (drafts too), the mission's other experts and the host (once submitted); anyone
 * else is told there is no such report (404). Every change is audited.
 */
@Injectable()
export class MissionReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outcomes: OutcomesRepository,
    private readonly access: OutcomeAccessService,
    private readonly evaluations: MissionEvaluationsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  async get(actor: AuthUser, missionId: string): Promise<ReportView> {
    const access = await this.access.access(actor, missionId, 'mission_report');
    const report = await this.outcomes.report(missionId);
    if (!report?.submittedAt && !(access.lead || access.manager)) throw new NotFound('mission_report');
    return this.view(access, report);
  }

  /** The whole draft, saved by the lead expert (403 for the mission's other readers); its recommendations replace the earlier ones. */
  async save(actor: AuthUser, missionId: string, dto: MissionReportDto): Promise<ReportView> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, missionId, 'mission_report', manager, true);
      if (!access.lead) throw new Forbidden();
      if (access.mission.status === 'cancelled') throw new Conflict('report_mission_not_held');
      const owners = dto.recommendations.flatMap((r) => (r.ownerInstitutionId ? [r.ownerInstitutionId] : []));
      const known = await this.outcomes.existingInstitutions(owners, manager);
      const unknown: FieldViolation[] = dto.recommendations.flatMap((r, i) =>
        r.ownerInstitutionId && !known.has(r.ownerInstitutionId)
          ? [{ field: `recommendations.${i}.ownerInstitutionId`, constraint: 'invalid' }]
          : [],
      );
      if (unknown.length) throw new ValidationFailed(unknown);
      const draft = await this.outcomes.lockDraft(manager, missionId, actor.id, dto.locale);
      if (draft.submittedAt) throw new Conflict('report_submitted');
      const before = await this.summary(manager, draft);
      await this.outcomes.saveDraft(manager, missionId, {
        authorId: actor.id,
        locale: dto.locale,
        activities: dto.activities,
        findings: dto.findings,
      });
      await this.outcomes.replaceRecommendations(
        manager,
        missionId,
        dto.recommendations.map((r) => ({
          body: r.body,
          owner: r.owner,
          ownerInstitutionId: r.ownerInstitutionId ?? null,
          dueOn: r.dueOn,
        })),
      );
      await this.record(manager, actor, access.mission, 'assistance.report.saved', before, {
        locale: dto.locale,
        activities: dto.activities.length,
        findings: dto.findings.length,
        recommendations: dto.recommendations.length,
      });
    });
    return this.get(actor, missionId);
  }

  /**
   * Submits the draft: the lead expert only (403 for other readers), once (409 `report_submitted`), when the mission is
   * running or delivered (409 `report_mission_not_held`) and the report is complete (400 listing what is missing).
   */
  async submit(actor: AuthUser, missionId: string): Promise<ReportView> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, missionId, 'mission_report', manager, true);
      if (!access.lead) throw new Forbidden();
      const report = await this.outcomes.report(missionId, manager, true);
      if (report?.submittedAt) throw new Conflict('report_submitted');
      if (!(REPORTABLE_MISSION_STATES as readonly string[]).includes(access.mission.status)) throw new Conflict('report_mission_not_held');
      const recommendations = report ? (await this.outcomes.ofMission(missionId, manager)).length : 0;
      const missing = missingForSubmission({
        activities: report?.activities ?? '',
        findings: report?.findings ?? '',
        recommendations,
      });
      if (missing.length || !report) throw new ValidationFailed(missing);
      if (!(await this.outcomes.submit(manager, missionId))) throw new Conflict('report_submitted');
      const invited = await this.evaluations.invite(manager, actor, access.mission);
      await this.record(manager, actor, access.mission, 'assistance.report.submitted', null, {
        recommendations,
        invitedToEvaluate: invited,
      });
      const host = (await this.access.peopleOf([access.mission.institutionId], manager)).get(access.mission.institutionId) ?? [];
      for (const userId of host)
        await this.notifications.queueMessage(manager, userId, 'assistance_report', missionId, {
          messageKey: 'outcomes:notify.report',
          params: { reference: access.mission.reference, title: access.mission.title, author: actor.fullName },
          link: `/assistance/missions/${missionId}/report`,
        });
    });
    return this.get(actor, missionId);
  }

  private async view(access: OutcomeAccess, report: MissionReport | null): Promise<ReportView> {
    const recommendations = report ? await this.outcomes.ofMission(access.mission.id) : [];
    const institutionNames = await this.outcomes.existingInstitutions(
      recommendations.flatMap((r) => (r.ownerInstitutionId ? [r.ownerInstitutionId] : [])),
    );
    const authorName = report?.authorId ? ((await this.access.displayNames([report.authorId])).get(report.authorId) ?? null) : null;
    return {
      mission: access.mission,
      experts: access.experts,
      report,
      authorName,
      recommendations,
      institutionNames,
      editable: access.lead && !report?.submittedAt && access.mission.status !== 'cancelled',
      follows: access.manager || access.host,
    };
  }

  private async summary(manager: EntityManager, report: MissionReport): Promise<Record<string, unknown>> {
    return {
      locale: report.locale,
      activities: report.activities.length,
      findings: report.findings.length,
      recommendations: (await this.outcomes.ofMission(report.missionId, manager)).length,
    };
  }

  private record(
    manager: EntityManager,
    actor: AuthUser,
    mission: MissionFacts,
    action: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: actor.id,
      academyId: mission.institutionAcademyId,
      action,
      entityType: 'assistance_mission_report',
      entityId: mission.id,
      before,
      after,
    });
  }
}
