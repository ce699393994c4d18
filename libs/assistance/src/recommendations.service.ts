import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@probity/audit';
import { Forbidden, type LocaleMap, NotFound } from '@probity/i18n';
import { type AuthUser, type Page, hasRole } from '@probity/identity';
import type { RecommendationListQueryDto, RecommendationStatusDto } from './dto/outcomes.dto';
import type { RecommendationUpdate } from './entities/mission-record.entity';
import { OutcomeAccessService } from './mission-reports-access.service';
import { OutcomesRepository, type RecommendationRow } from './repositories/outcomes.repository';
import { managesFacility } from './request-access.service';

/** A recommendation as one reader sees it: where it stands, and whether the reader may mark its progress. */
export interface RecommendationView {
  recommendation: RecommendationRow;
  /** The owning institution's name, when an institution of the facility owns it. */
  ownerInstitutionName: LocaleMap | null;
  mayMark: boolean;
}

/** A recommendation with its history of marks, the newest first, each with who made it. */
export interface RecommendationDetails extends RecommendationView {
  history: (RecommendationUpdate & { byName: string | null })[];
}

/**
 * The recommendations of submitted mission reports and their follow-up (issue 14 point 5): their owners (the people of
 * the owning institution, or of the requesting one when no institution owns it) and facility managers mark each as not
 * started, in progress or implemented, with a note and, at the 3- and 6-month follow-ups, the wave it answers. Overdue:
 * not implemented and past its due date, or a follow-up due that its owner has not answered. Listed for facility
 * managers (all), institutions' people (those they own or asked for) and experts (their missions').
 */
@Injectable()
export class RecommendationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outcomes: OutcomesRepository,
    private readonly access: OutcomeAccessService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: AuthUser, query: RecommendationListQueryDto): Promise<Page<RecommendationView>> {
    const institutionId = await this.access.institutionOf(actor);
    const { rows, total } = await this.outcomes.page(
      { all: managesFacility(actor), institutionId, userId: actor.id },
      { overdue: query.overdue === 'true', status: query.status, missionId: query.missionId },
      query.limit ?? 50,
      query.offset ?? 0,
    );
    return { items: await this.views(actor, institutionId, rows), total };
  }

  /** The overdue recommendations a reader may see (the facility manager's dashboard): how many, and the first few. */
  async overdue(actor: AuthUser, limit = 5): Promise<Page<RecommendationView>> {
    if (!hasRole(actor, 'facility_manager', 'platform_admin', 'partner_focal_point', 'academy_admin', 'expert'))
      return { items: [], total: 0 };
    return this.list(actor, { overdue: 'true', limit, offset: 0 });
  }

  async get(actor: AuthUser, id: string): Promise<RecommendationDetails> {
    const recommendation = await this.outcomes.recommendation(id);
    if (!recommendation) throw new NotFound('recommendation');
    const institutionId = await this.visible(actor, recommendation);
    const [view] = await this.views(actor, institutionId, [recommendation]);
    const history = await this.outcomes.history(id);
    const names = await this.access.displayNames(history.flatMap((h) => (h.by ? [h.by] : [])));
    return { ...view, history: history.map((h) => ({ ...h, byName: h.by ? (names.get(h.by) ?? null) : null })) };
  }

  /** A mark of progress by the owner or a facility manager (403 for other readers, 404 for strangers); audited. */
  async mark(actor: AuthUser, id: string, dto: RecommendationStatusDto): Promise<RecommendationDetails> {
    await this.dataSource.transaction(async (manager) => {
      const recommendation = await this.outcomes.recommendation(id, manager, true);
      if (!recommendation) throw new NotFound('recommendation');
      const institutionId = await this.visible(actor, recommendation, manager);
      if (!this.access.mayMark(actor, institutionId, recommendation)) throw new Forbidden();
      await this.outcomes.mark(manager, id, { status: dto.status, note: dto.note, wave: dto.wave ?? null, by: actor.id });
      const mission = await this.outcomes.mission(recommendation.missionId, manager);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: mission?.institutionAcademyId ?? null,
        action: 'assistance.recommendation.marked',
        entityType: 'assistance_recommendation',
        entityId: id,
        before: { status: recommendation.status },
        after: { status: dto.status, wave: dto.wave ?? null, note: dto.note, missionId: recommendation.missionId },
      });
    });
    return this.get(actor, id);
  }

  /** The reader's institution if they may see the recommendation; 404 otherwise. */
  private async visible(
    actor: AuthUser,
    recommendation: RecommendationRow,
    manager?: Parameters<OutcomeAccessService['institutionOf']>[1],
  ): Promise<string | null> {
    const institutionId = await this.access.institutionOf(actor, manager);
    if (managesFacility(actor)) return institutionId;
    if (institutionId && (institutionId === recommendation.ownerInstitutionId || institutionId === recommendation.institutionId))
      return institutionId;
    const standing = await this.access.standing(actor, recommendation.missionId, manager);
    if (standing?.expert) return institutionId;
    throw new NotFound('recommendation');
  }

  private async views(actor: AuthUser, institutionId: string | null, rows: RecommendationRow[]): Promise<RecommendationView[]> {
    const names = await this.outcomes.existingInstitutions(rows.flatMap((r) => (r.ownerInstitutionId ? [r.ownerInstitutionId] : [])));
    return rows.map((recommendation) => ({
      recommendation,
      ownerInstitutionName: recommendation.ownerInstitutionId ? (names.get(recommendation.ownerInstitutionId) ?? null) : null,
      mayMark: this.access.mayMark(actor, institutionId, recommendation),
    }));
  }
}
