import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@probity/audit';
import { ReportsService } from '@probity/evaluation';
import { Forbidden, type Locale, type LocaleMap, ValidationFailed } from '@probity/i18n';
import { AGENCY_TYPES, type AuthUser, SEXES, hasRole } from '@probity/identity';
import {
  type AssistanceFormat,
  FORMATS,
  MISSION_STATES,
  type MissionState,
  REQUEST_STATES,
  type RequestState,
  TOPICS,
  type Topic,
} from './assistance-model';
import type { FacilityReportQueryDto } from './dto/facility-report.dto';
import { type FacilityFile, type FacilityFormat, facilityFile, facilityText } from './facility-report-files';
import { RequestAccessService, managesFacility } from './request-access.service';
import {
  type AwaitingRequest,
  FacilityReportRepository,
  type FacilityScope,
  type Group,
  type OverdueRecommendation,
  type RecommendationFigures,
} from './repositories/facility-report.repository';
import { InstitutionsRepository } from './repositories/institutions.repository';

/** The states a submitted request can be in (drafts are the requester's own, never counted). */
export const COUNTED_REQUEST_STATES = REQUEST_STATES.filter((s): s is Exclude<RequestState, 'draft'> => s !== 'draft');

/** The filters as they were applied: the period, country and topic asked for, and whose requests (an institution's, or all). */
export interface FacilityFilters {
  from: string | null;
  to: string | null;
  country: string | null;
  topic: Topic | null;
  /** The institution a focal point (or an academy administrator) sees; null: every institution (facility managers). */
  institution: { id: string | null; name: LocaleMap } | null;
}

/** One value of a breakdown: its code (null: not recorded; for a request's country, a regional organisation) and a count. */
export type Counted<K extends string = string> = { key: K | null; n: number };

export interface FacilityReport {
  filters: FacilityFilters;
  generatedAt: Date;
  /** The day "overdue" was judged on (the database's current date). */
  today: string;
  requests: {
    total: number;
    byState: Record<Exclude<RequestState, 'draft'>, number>;
    byCountry: Counted[];
    byTopic: Counted<Topic>[];
    decisionDays: { median: number | null; mean: number | null; n: number };
  };
  missions: {
    total: number;
    byState: Record<MissionState, number>;
    byFormat: ({ format: AssistanceFormat; total: number } & Record<MissionState, number>)[];
  };
  people: { reached: number; bySex: Counted[]; byAgencyType: Counted[]; byCountry: Counted[] };
  recommendations: RecommendationFigures;
}

/** The facility manager's work lists: recommendations overdue now, requests waiting for screening or a decision. */
export interface FacilityWorklists {
  overdue: { rows: OverdueRecommendation[]; total: number };
  awaiting: { rows: AwaitingRequest[]; total: number };
}

const LIST_LIMIT = 100;

/** Rounds to one decimal (null stays null). */
function tenth(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

/** A count per code of a list, zero where none; codes not on the list and "not recorded" (null) after, when counted. */
function listed(list: readonly string[], groups: Group[]): Counted[] {
  const found = new Map(groups.map((g) => [g.key, g.n]));
  const others = groups.filter((g) => g.key !== null && !list.includes(g.key)).sort((a, b) => String(a.key).localeCompare(String(b.key)));
  return [
    ...list.map((key) => ({ key, n: found.get(key) ?? 0 })),
    ...others.map((g) => ({ key: g.key, n: g.n })),
    ...(found.has(null) ? [{ key: null, n: found.get(null)! }] : []),
  ];
}

/** Countries by code, the group without a country last. */
function byCode(groups: Group[]): Counted[] {
  return [...groups]
    .sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : a.key.localeCompare(b.key)))
    .map((g) => ({ key: g.key, n: g.n }));
}

function tally<K extends string>(keys: readonly K[], groups: Group<K>[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, groups.find((g) => g.key === k)?.n ?? 0])) as Record<K, number>;
}

/**
 * The facility's dashboard (issue 14 point 6, ADR 0012): requests by state, country and topic with the days to a
 * decision, missions by state and format, people reached (each person with an account once, described as identity
 * has them, through the evaluation context's reading of the published views) by sex, agency type and country,
 * recommendations by state and overdue. Facility managers and platform administrators see every
 * institution's figures; a focal point, or an academy administrator, only their own institution's (an academy that
 * never asked: nothing yet); anyone else 403. Exports carry the same figures and are audited.
 */
@Injectable()
export class FacilityReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly figures: FacilityReportRepository,
    private readonly institutions: InstitutionsRepository,
    private readonly access: RequestAccessService,
    private readonly reports: ReportsService,
    private readonly audit: AuditService,
  ) {}

  /** Whose figures the actor sees: every institution's (managers), their own institution's, or none (403). */
  private async scopeOf(actor: AuthUser): Promise<FacilityFilters['institution']> {
    if (managesFacility(actor)) return null;
    if (!hasRole(actor, 'partner_focal_point', 'academy_admin') || !(await this.access.mayFile(actor))) throw new Forbidden();
    const id = await this.access.requesterInstitutionId(actor);
    const institution = id ? await this.institutions.find(id) : null;
    return { id: institution?.id ?? null, name: institution?.name ?? {} };
  }

  /** The filters as they apply to the actor; `to` may not come before `from`. */
  async filters(actor: AuthUser, query: FacilityReportQueryDto): Promise<FacilityFilters> {
    const institution = await this.scopeOf(actor);
    if (query.from && query.to && query.to < query.from) throw new ValidationFailed([{ field: 'to', constraint: 'endsBeforeStart' }]);
    return { from: query.from ?? null, to: query.to ?? null, country: query.country ?? null, topic: query.topic ?? null, institution };
  }

  private scope(filters: FacilityFilters): FacilityScope {
    const { institution } = filters;
    return {
      institutionIds: institution ? (institution.id ? [institution.id] : []) : null,
      country: filters.country,
      topic: filters.topic,
      from: filters.from,
      to: filters.to,
    };
  }

  async report(actor: AuthUser, query: FacilityReportQueryDto): Promise<FacilityReport> {
    return this.compute(await this.filters(actor, query));
  }

  private async compute(filters: FacilityFilters): Promise<FacilityReport> {
    const generatedAt = new Date();
    const scope = this.scope(filters);
    const requests = await this.figures.requests(scope);
    const missions = await this.figures.missions(scope);
    const people = await this.reports.assistedPeople(await this.figures.deliveredMissionIds(scope));
    const { figures: recommendations, today } = await this.figures.recommendations(scope);
    return {
      filters,
      generatedAt,
      today,
      requests: {
        total: requests.total,
        byState: tally(COUNTED_REQUEST_STATES, requests.byState as Group<Exclude<RequestState, 'draft'>>[]),
        byCountry: byCode(requests.byCountry),
        byTopic: listed(TOPICS, requests.byTopic) as Counted<Topic>[],
        decisionDays: {
          median: tenth(requests.decisionDays.median),
          mean: tenth(requests.decisionDays.mean),
          n: requests.decisionDays.n,
        },
      },
      missions: {
        total: missions.total,
        byState: tally(MISSION_STATES, missions.byState),
        byFormat: FORMATS.map((format) => {
          const states = tally(
            MISSION_STATES,
            missions.byFormat.filter((r) => r.format === format).map((r) => ({ key: r.state, n: r.n })),
          );
          return { format, ...states, total: MISSION_STATES.reduce((sum, s) => sum + states[s], 0) };
        }),
      },
      people: {
        reached: people.reached,
        bySex: listed(SEXES, people.bySex),
        byAgencyType: listed(AGENCY_TYPES, people.byAgencyType),
        byCountry: byCode(people.byCountry),
      },
      recommendations,
    };
  }

  /** Recommendations overdue now and requests waiting for screening or a decision, in the filters' scope (not the period). */
  async worklists(actor: AuthUser, query: FacilityReportQueryDto): Promise<FacilityWorklists> {
    if (!managesFacility(actor)) throw new Forbidden();
    const scope = this.scope(await this.filters(actor, query));
    return {
      overdue: await this.figures.overdue(scope, LIST_LIMIT),
      awaiting: await this.figures.awaiting(scope, LIST_LIMIT),
    };
  }

  /** The countries the filter may choose: those of the institutions the actor sees. */
  async countries(actor: AuthUser): Promise<string[]> {
    const institution = await this.scopeOf(actor);
    return this.figures.countries(institution ? (institution.id ? [institution.id] : []) : null);
  }

  /**
   * The report as a file (CSV or XLSX) in `locale`, recorded in the audit trail before it is handed out (who, which
   * report, which format and filters, the export's number printed in the file). Counts only, never a person.
   */
  async export(actor: AuthUser, query: FacilityReportQueryDto, format: FacilityFormat, locale: Locale): Promise<FacilityFile> {
    const report = await this.report(actor, query);
    const exportId = randomUUID();
    const file = await facilityFile(format, facilityText(report, locale, { generatedBy: actor.fullName, exportId }), report.generatedAt);
    const { institution, ...filters } = report.filters;
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, {
        actorId: actor.id,
        academyId: hasRole(actor, 'academy_admin') && !managesFacility(actor) ? actor.academyId : null,
        action: 'report.exported',
        entityType: 'report',
        entityId: exportId,
        after: { report: 'facility', format, locale, ...filters, institutionId: institution ? institution.id : null },
      }),
    );
    return file;
  }
}
