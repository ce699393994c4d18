import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InstitutionsService, RequestAccessService, TOPICS, type Topic, managesFacility } from '@probity/assistance';
import { AuditService } from '@probity/audit';
import { ReportsService } from '@probity/evaluation';
import { Forbidden, type Locale, type LocaleMap, ValidationFailed } from '@probity/i18n';
import { AGENCY_TYPES, AcademiesService, type AuthUser, SEXES, hasRole } from '@probity/identity';
import type { OutcomeWave } from './cooperation-model';
import type { CooperationReportQueryDto } from './dto/reporting.dto';
import { type CooperationFile, type CooperationFormat, cooperationFile, cooperationText } from './reporting-files';
import {
  type ActionItemFigures,
  type CooperationScope,
  type Group,
  type OutcomeGroup,
  type Place,
  ReportingRepository,
} from './repositories/reporting.repository';

/** The filters as they were applied: the period, country and topic asked for, and whose initiatives (an academy's, or all). */
export interface CooperationFilters {
  from: string | null;
  to: string | null;
  country: string | null;
  topic: Topic | null;
  /** The academy an academy administrator sees; null: every initiative (facility managers, platform administrators). */
  academy: { id: string; name: LocaleMap; institutionId: string | null } | null;
}

/** One value of a breakdown: its code (null: not recorded) and a count. */
export type Counted<K extends string = string> = { key: K | null; n: number };

/** The countries × countries matrix: `cells[i][j]` initiatives linking `countries[i]` and `countries[j]`; the diagonal a country's own. */
export interface CountryMatrix {
  countries: string[];
  cells: number[][];
}

export interface CooperationReport {
  filters: CooperationFilters;
  generatedAt: Date;
  /** The day "overdue" was judged on (the database's current date). */
  today: string;
  initiatives: {
    total: number;
    institutions: number;
    byTopic: Counted<Topic>[];
    /** Each two countries linked by at least one initiative (`a` before `b` by code), the most linked first. */
    byCountryPair: { a: string; b: string; n: number }[];
  };
  matrix: CountryMatrix;
  participants: { people: number; participations: number; bySex: Counted[]; byAgencyType: Counted[]; byCountry: Counted[] };
  actionItems: ActionItemFigures;
  outcomes: {
    total: OutcomeGroup;
    byWave: (OutcomeGroup & { wave: OutcomeWave })[];
    byMonth: (OutcomeGroup & { month: string })[];
  };
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

/**
 * The cooperation initiatives' report (issue 15 point 5, ADR 0013): initiatives by topic and by the countries they
 * linked (a map-free countries × countries matrix, symmetric), participants by sex, agency type and country, action
 * items done, overdue and open, outcome counts by wave and by month of the initiative's last day. Facility managers
 * and platform administrators see every initiative; an academy administrator those their academy leads or accepted to
 * take part in (every institution's figures of those initiatives: counts only, never a person); anyone else 403.
 * A person with an account is described as identity has them (the evaluation context's reading of `report_people`).
 * Exports carry the same figures and are audited (`report.exported`, report `cooperation`).
 */
@Injectable()
export class CooperationReportingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly figures: ReportingRepository,
    private readonly institutions: InstitutionsService,
    private readonly requestAccess: RequestAccessService,
    private readonly academies: AcademiesService,
    private readonly reports: ReportsService,
    private readonly audit: AuditService,
  ) {}

  /** Whose initiatives the actor sees: every one (managers), their academy's (academy administrators), or none (403). */
  private async scopeOf(actor: AuthUser): Promise<CooperationFilters['academy']> {
    if (managesFacility(actor)) return null;
    if (!hasRole(actor, 'academy_admin') || !actor.academyId) throw new Forbidden();
    const academy = await this.academies.get(actor.academyId);
    return { id: academy.id, name: academy.name, institutionId: await this.requestAccess.requesterInstitutionId(actor) };
  }

  /** The filters as they apply to the actor; `to` may not come before `from`. */
  async filters(actor: AuthUser, query: CooperationReportQueryDto): Promise<CooperationFilters> {
    const academy = await this.scopeOf(actor);
    if (query.from && query.to && query.to < query.from) throw new ValidationFailed([{ field: 'to', constraint: 'endsBeforeStart' }]);
    return { from: query.from ?? null, to: query.to ?? null, country: query.country ?? null, topic: query.topic ?? null, academy };
  }

  /** Every institution that took part somewhere, with its countries (a regional organisation: its members). */
  private async places(): Promise<Place[]> {
    const found = await this.institutions.byIds(await this.figures.memberInstitutionIds());
    const places: Place[] = [];
    for (const institution of found.values()) {
      const regional = institution.kind === 'regional_organisation';
      for (const country of await this.institutions.countriesOf(institution))
        places.push({ institutionId: institution.id, country, regional });
    }
    return places;
  }

  private async scope(filters: CooperationFilters): Promise<CooperationScope> {
    return {
      academyId: filters.academy?.id ?? null,
      institutionId: filters.academy?.institutionId ?? null,
      country: filters.country,
      topic: filters.topic,
      from: filters.from,
      to: filters.to,
      places: await this.places(),
    };
  }

  async report(actor: AuthUser, query: CooperationReportQueryDto): Promise<CooperationReport> {
    return this.compute(await this.filters(actor, query));
  }

  private async compute(filters: CooperationFilters): Promise<CooperationReport> {
    const generatedAt = new Date();
    const scope = await this.scope(filters);
    const initiatives = await this.figures.initiatives(scope);
    const links = await this.figures.links(scope);
    const described = await this.reports.describedPeople(await this.figures.participantUserIds(scope));
    const participants = await this.figures.participants(
      scope,
      [...described].map(([userId, p]) => ({ userId, sex: p.sex, agencyType: p.agencyType, country: p.country })),
    );
    const { figures: actionItems, today } = await this.figures.actionItems(scope);
    const outcomes = await this.figures.outcomes(scope);
    const countries = links.filter((l) => l.a === l.b).map((l) => l.a);
    const index = new Map(countries.map((c, i) => [c, i]));
    const cells = countries.map(() => countries.map(() => 0));
    for (const { a, b, n } of links) {
      cells[index.get(a)!][index.get(b)!] = n;
      cells[index.get(b)!][index.get(a)!] = n;
    }
    return {
      filters,
      generatedAt,
      today,
      initiatives: {
        total: initiatives.total,
        institutions: initiatives.institutions,
        byTopic: listed(TOPICS, initiatives.byTopic) as Counted<Topic>[],
        byCountryPair: links.filter((l) => l.a !== l.b).sort((x, y) => y.n - x.n || x.a.localeCompare(y.a) || x.b.localeCompare(y.b)),
      },
      matrix: { countries, cells },
      participants: {
        people: participants.people,
        participations: participants.participations,
        bySex: listed(SEXES, participants.bySex),
        byAgencyType: listed(AGENCY_TYPES, participants.byAgencyType),
        byCountry: byCode(participants.byCountry),
      },
      actionItems,
      outcomes,
    };
  }

  /** The countries the filter may choose: those of the institutions that took part in an initiative. */
  async countries(actor: AuthUser): Promise<string[]> {
    await this.scopeOf(actor);
    return [...new Set((await this.places()).map((p) => p.country))].sort();
  }

  /**
   * The report as a file (CSV or XLSX) in `locale`, recorded in the audit trail before it is handed out (who, which
   * report, which format and filters, the export's number printed in the file). Counts only, never a person.
   */
  async export(actor: AuthUser, query: CooperationReportQueryDto, format: CooperationFormat, locale: Locale): Promise<CooperationFile> {
    const report = await this.report(actor, query);
    const exportId = randomUUID();
    const file = await cooperationFile(
      format,
      cooperationText(report, locale, { generatedBy: actor.fullName, exportId }),
      report.generatedAt,
    );
    const { academy, ...filters } = report.filters;
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, {
        actorId: actor.id,
        academyId: academy ? academy.id : null,
        action: 'report.exported',
        entityType: 'report',
        entityId: exportId,
        after: { report: 'cooperation', format, locale, ...filters, academyId: academy ? academy.id : null },
      }),
    );
    return file;
  }
}
