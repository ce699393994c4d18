import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@probity/audit';
import { Forbidden, type Locale, NotFound, ValidationFailed, pick } from '@probity/i18n';
import { AGENCY_TYPES, AcademiesService, type AuthUser, PERSON_FUNCTIONS, SEXES, hasRole } from '@probity/identity';
import type { TrainingReportQueryDto } from './dto/report.dto';
import { type ReportFile, reportFile } from './exports/report-files';
import { reportText } from './reports-labels';
import {
  BREAKDOWNS,
  type Breakdown,
  DEFAULT_MARGIN,
  type ReportFilters,
  type ReportFormat,
  type ReportRow,
  type TrainingReport,
} from './reports-model';
import { ReportsRepository } from './repositories/reports.repository';
import type { AssistedPeople } from './repositories/reports.repository';
import type { ReportPerson } from './repositories/reports.repository';

export type { AssistedPeople } from './repositories/reports.repository';

/** The codes of the controlled lists, in their order: a breakdown by them shows each, with zeros where nobody is. */
const LISTS: Partial<Record<Breakdown, readonly string[]>> = { sex: SEXES, agencyType: AGENCY_TYPES, function: PERSON_FUNCTIONS };

/**
 * The training report (issue 13, ADR 0010): who may see which academy's, the report itself (one statement over the
 * published `report_*` views), and its exports, each audited. Academy administrators see their own academy's people
 * (partner learners trained elsewhere included); platform administrators every academy's, or one.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsRepository,
    private readonly academies: AcademiesService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The filters as they apply to `actor`: an academy administrator's own academy (another one's is unknown to them:
   * 404, as everywhere else); a platform administrator's choice, or every academy. `to` may not come before `from`.
   */
  async filters(actor: AuthUser, query: TrainingReportQueryDto): Promise<ReportFilters> {
    let academyId: string | null;
    if (hasRole(actor, 'platform_admin')) academyId = query.academyId ?? null;
    else if (hasRole(actor, 'academy_admin') && actor.academyId) {
      if (query.academyId && query.academyId !== actor.academyId) throw new NotFound('academy');
      academyId = actor.academyId;
    } else throw new Forbidden();
    if (academyId) await this.academies.get(academyId); // NotFound('academy') when there is none
    if (query.from && query.to && query.to < query.from) throw new ValidationFailed([{ field: 'to', constraint: 'endsBeforeStart' }]);
    return { academyId, from: query.from ?? null, to: query.to ?? null, margin: query.margin ?? DEFAULT_MARGIN };
  }

  /** The report with the breakdown `query.by` (none: the totals only). */
  async training(actor: AuthUser, query: TrainingReportQueryDto): Promise<TrainingReport> {
    return this.compute(await this.filters(actor, query), query.by ? [query.by] : []);
  }

  /** The report with every breakdown, as the exports carry it. */
  async trainingAll(actor: AuthUser, query: TrainingReportQueryDto): Promise<TrainingReport> {
    return this.compute(await this.filters(actor, query), BREAKDOWNS);
  }

  private async compute(filters: ReportFilters, breakdowns: readonly Breakdown[]): Promise<TrainingReport> {
    const generatedAt = new Date();
    const { totals, breakdowns: rows } = await this.reports.training(filters, breakdowns);
    const courseIds = (rows.course ?? []).map((r) => r.key.course).filter((id): id is string => typeof id === 'string');
    const courses = await this.reports.courseNames(courseIds);
    for (const by of breakdowns) rows[by] = ordered(by, rows[by] ?? [], (id) => courses[id]?.code ?? id);
    return { filters, generatedAt, totals, breakdowns: rows, courses };
  }

  /**
   * The people these missions of the Technical Assistance Facility reached, by sex, agency type and country, for the
   * assistance context's dashboard (ADR 0010: evaluation reads the published views). The caller chose the missions and
   * decided who may see them; a person with an account counts once, described as in the training report.
   */
  assistedPeople(missionIds: string[]): Promise<AssistedPeople> {
    return this.reports.assistedPeople(missionIds);
  }

  /**
   * How identity describes these people for reporting (`report_people`: sex, agency type, function, their academy and its
   * country), for another context's aggregate figures (the cooperation report); people without an academy are absent.
   */
  describedPeople(userIds: string[]): Promise<Map<string, ReportPerson>> {
    return this.reports.people(userIds);
  }

  /**
   * The report with every breakdown as a file (CSV, XLSX or PDF) in `locale`, recorded in the audit trail before it
   * is handed out: who, which report, which format and filters, and the export's number (printed in the file). The
   * file holds counts and means only, never a person.
   */
  async export(actor: AuthUser, query: TrainingReportQueryDto, format: ReportFormat, locale: Locale): Promise<ReportFile> {
    const report = await this.trainingAll(actor, query);
    const academy = report.filters.academyId ? await this.academies.get(report.filters.academyId) : undefined;
    const exportId = randomUUID();
    const text = reportText(report, locale, {
      academyName: academy ? `${pick(academy.name, locale).text} (${academy.code})` : undefined,
      generatedBy: actor.fullName,
      exportId,
      timeZone: actor.timeZone,
    });
    const file = await reportFile(format, text, report.generatedAt);
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, {
        actorId: actor.id,
        academyId: report.filters.academyId,
        action: 'report.exported',
        entityType: 'report',
        entityId: exportId,
        after: { report: 'training', format, locale, ...report.filters },
      }),
    );
    return file;
  }
}

/**
 * Rows in a stable order: a controlled list in its own order, each of its codes present (zeros where nobody is), then
 * "not recorded" when someone is; countries by code; courses by code.
 */
function ordered(by: Breakdown, rows: ReportRow[], courseCode: (id: string) => string): ReportRow[] {
  const list = LISTS[by];
  const code = (row: ReportRow): string | null => row.key[by] ?? null;
  if (list) {
    const found = new Map(rows.map((row) => [code(row), row]));
    const empty = (value: string): ReportRow => ({
      key: { [by]: value },
      enrolled: 0,
      completed: 0,
      certified: 0,
      knowledgeGain: { learners: 0, meanGain: null, meanNormalisedGain: null, improved: 0, improvedPercent: null },
    });
    const listed = list.map((value) => found.get(value) ?? empty(value));
    const unlisted = rows.filter((row) => code(row) !== null && !list.includes(code(row)!));
    const unrecorded = found.get(null);
    return [...listed, ...unlisted, ...(unrecorded ? [unrecorded] : [])];
  }
  const sortKey = (row: ReportRow): string => {
    const value = code(row);
    return value === null ? '\uffff' : by === 'course' ? courseCode(value) : value;
  };
  return [...rows].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
}
