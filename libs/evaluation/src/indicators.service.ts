import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { Conflict, type FieldViolation, Forbidden, NotFound, ValidationFailed } from '@probity/i18n';
import { AcademiesService, type AuthUser, type Page, administers, hasRole } from '@probity/identity';
import type { CreateIndicatorDto, IndicatorFieldsDto, ManualValueDto, UpdateIndicatorDto } from './dto/indicators.dto';
import type { Indicator, IndicatorValue } from './entities/indicator.entity';
import { type ComputeRun, IndicatorValuesService } from './indicator-values.service';
import { type Period, breakdownsOf, elapsedPercent, progressPercent } from './indicators-model';
import type { CourseNames } from './reports-model';
import { IndicatorsRepository } from './repositories/indicators.repository';
import { ReportsRepository } from './repositories/reports.repository';

/** An indicator as the register shows it: its values per period, where it stands, and what the reader may do. */
export interface IndicatorView {
  indicator: Indicator;
  /** Every stored value, oldest period first. */
  values: IndicatorValue[];
  /** The periods the indicator covers up to today (the last is the current one, still open). */
  periods: Period[];
  /** The most recent value there is (the current period's, provisional, or the last closed one's). */
  latest: IndicatorValue | null;
  /** Baseline → latest value → target, in percent of the way; null when one of them is missing. */
  progress: number | null;
  /** How much of the time from the baseline date to the target date has passed (percent), or null. */
  elapsed: number | null;
  today: string;
  /** The course filter's code and title. */
  courses: CourseNames;
  /** The reader keeps it (changes, computes, enters values); platform-wide indicators are read-only to academies. */
  editable: boolean;
}

/** The filters and breakdown an indicator counts by, and where its periods start: changing one computes its values again. */
const DEFINING = ['country', 'courseId', 'breakdown', 'margin', 'baselineDate'] as const;

/**
 * The indicator register (issue 13 point 4, ADR 0010): who sees and keeps which indicators, and their definitions.
 * Platform administrators keep every indicator; an academy administrator keeps their academy's and reads the
 * platform-wide ones; another academy's indicator is unknown to them (404); nobody else has a register (403). Values
 * are `IndicatorValuesService`'s.
 */
@Injectable()
export class IndicatorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: IndicatorsRepository,
    private readonly values: IndicatorValuesService,
    private readonly reports: ReportsRepository,
    private readonly academies: AcademiesService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: AuthUser, options: { limit?: number; offset?: number; archived?: boolean } = {}): Promise<Page<IndicatorView>> {
    this.requireAdmin(actor);
    const { rows, total } = await this.repository.list(
      { all: hasRole(actor, 'platform_admin'), academyId: actor.academyId },
      options.archived ?? false,
      options.limit ?? 50,
      options.offset ?? 0,
    );
    const values = await this.fresh(actor, rows);
    const items: IndicatorView[] = [];
    for (const indicator of rows) items.push(await this.view(actor, indicator, values));
    return { items, total };
  }

  async get(actor: AuthUser, id: string): Promise<IndicatorView> {
    const indicator = await this.readable(actor, id);
    return this.view(actor, indicator, await this.fresh(actor, [indicator]));
  }

  /** The indicators' values, their current periods computed first where the stored value is missing or old. */
  private async fresh(actor: AuthUser, indicators: Indicator[]): Promise<IndicatorValue[]> {
    const ids = indicators.map((i) => i.id);
    const values = await this.repository.values(ids);
    let refreshed = false;
    for (const indicator of indicators)
      if (await this.values.refreshCurrent(actor, indicator, values, await this.values.today(indicator))) refreshed = true;
    return refreshed ? this.repository.values(ids) : values;
  }

  /** Creates an indicator and computes its values at once (a measure entered by hand has none yet). */
  async create(actor: AuthUser, dto: CreateIndicatorDto): Promise<IndicatorView> {
    this.requireAdmin(actor);
    const academyId = await this.academyFor(actor, dto.academyId);
    const fields = { ...dto, academyId };
    await this.check(fields, { measure: dto.measure, academyId });
    const indicator = await this.dataSource
      .transaction(async (manager) => {
        if (await this.repository.codeTaken(academyId, dto.code, undefined, manager))
          throw new Conflict('indicator_code_taken', { code: dto.code });
        const created = await this.repository.insert(manager, {
          academyId,
          code: dto.code,
          title: dto.title,
          description: dto.description ?? {},
          measure: dto.measure,
          margin: dto.margin ?? 0,
          country: dto.country ?? null,
          courseId: dto.courseId ?? null,
          breakdown: dto.breakdown ?? null,
          unit: dto.unit ?? {},
          periodKind: dto.periodKind,
          baselineValue: dto.baselineValue ?? null,
          baselineDate: dto.baselineDate ?? null,
          targetValue: dto.targetValue ?? null,
          targetDate: dto.targetDate ?? null,
          createdBy: actor.id,
          updatedBy: actor.id,
        });
        await this.record(manager, actor, created, 'indicator.created', null, snapshot(created));
        return created;
      })
      .catch(uniqueCode(dto.code));
    await this.values.compute(actor, indicator);
    return this.get(actor, indicator.id);
  }

  /** Changes what may change; a change of filters, breakdown or margin computes every value again (changes audited). */
  async update(actor: AuthUser, id: string, dto: UpdateIndicatorDto): Promise<IndicatorView> {
    const current = await this.writable(actor, id);
    const merged = { ...current, ...definedOf(dto) };
    await this.check(merged, { measure: current.measure, academyId: current.academyId });
    let redefine = false;
    await this.dataSource
      .transaction(async (manager) => {
        const indicator = await this.repository.find(id, manager, true);
        if (!indicator) throw new NotFound('indicator');
        if (indicator.archivedAt) throw new Conflict('indicator_archived');
        if (dto.code !== undefined && (await this.repository.codeTaken(indicator.academyId, dto.code, id, manager)))
          throw new Conflict('indicator_code_taken', { code: dto.code });
        const before = snapshot(indicator);
        redefine = DEFINING.some((key) => dto[key] !== undefined && (dto[key] ?? null) !== indicator[key]);
        Object.assign(indicator, definedOf(dto), { updatedBy: actor.id });
        const saved = await this.repository.save(manager, indicator);
        await this.record(manager, actor, saved, 'indicator.updated', before, snapshot(saved));
      })
      .catch(uniqueCode(dto.code ?? current.code));
    if (redefine) await this.values.compute(actor, (await this.repository.find(id))!);
    return this.get(actor, id);
  }

  /** Archives an indicator: it keeps its values, leaves the register's list and is no longer computed. */
  async archive(actor: AuthUser, id: string): Promise<IndicatorView> {
    await this.writable(actor, id);
    await this.dataSource.transaction(async (manager) => {
      const indicator = await this.repository.find(id, manager, true);
      if (!indicator || indicator.archivedAt) return;
      indicator.archivedAt = new Date();
      indicator.updatedBy = actor.id;
      await this.repository.save(manager, indicator);
      await this.record(manager, actor, indicator, 'indicator.archived', null, { code: indicator.code });
    });
    return this.get(actor, id);
  }

  /** Computes the indicator's values now (every period, or one), as the worker does at night. */
  async compute(actor: AuthUser, id: string, period?: string): Promise<{ run: ComputeRun; view: IndicatorView }> {
    const indicator = await this.writable(actor, id);
    if (indicator.archivedAt) throw new Conflict('indicator_archived');
    if (indicator.measure === 'manual') throw new Conflict('indicator_entered_by_hand');
    const run = await this.values.compute(actor, indicator, period);
    return { run, view: await this.get(actor, id) };
  }

  /** A value entered by hand for one period, with its note (audited). */
  async enter(actor: AuthUser, id: string, period: string, dto: ManualValueDto): Promise<IndicatorView> {
    const indicator = await this.writable(actor, id);
    await this.values.enter(actor, indicator, period, dto);
    return this.get(actor, id);
  }

  /** Takes back a value entered by hand (audited); a computed measure computes that period again. */
  async clear(actor: AuthUser, id: string, period: string): Promise<IndicatorView> {
    const indicator = await this.writable(actor, id);
    if (indicator.archivedAt) throw new Conflict('indicator_archived');
    await this.values.clear(actor, indicator, period);
    return this.get(actor, id);
  }

  /** Whether the reader keeps this indicator (the one rule the API and the pages ask). */
  editable(actor: AuthUser, indicator: Pick<Indicator, 'academyId'>): boolean {
    return indicator.academyId === null ? hasRole(actor, 'platform_admin') : administers(actor, indicator.academyId);
  }

  // ---- access -------------------------------------------------------------------------------------------

  private requireAdmin(actor: AuthUser): void {
    if (!hasRole(actor, 'platform_admin', 'academy_admin')) throw new Forbidden();
  }

  /** The indicator if the reader may see it: platform-wide, or their own academy's (platform administrators: any). */
  private async readable(actor: AuthUser, id: string): Promise<Indicator> {
    this.requireAdmin(actor);
    const indicator = await this.repository.find(id);
    if (!indicator) throw new NotFound('indicator');
    if (indicator.academyId !== null && !administers(actor, indicator.academyId)) throw new NotFound('indicator');
    return indicator;
  }

  private async writable(actor: AuthUser, id: string): Promise<Indicator> {
    const indicator = await this.readable(actor, id);
    if (!this.editable(actor, indicator)) throw new Forbidden('indicator_platform_wide');
    return indicator;
  }

  /** The academy a new indicator belongs to: an academy administrator's own; a platform administrator's choice or none. */
  private async academyFor(actor: AuthUser, requested: string | null | undefined): Promise<string | null> {
    if (hasRole(actor, 'platform_admin')) {
      if (requested) await this.academies.get(requested); // NotFound('academy') when there is none
      return requested ?? null;
    }
    if (!actor.academyId) throw new Forbidden();
    if (requested && requested !== actor.academyId) throw new NotFound('academy');
    return actor.academyId;
  }

  /** The rules across fields: a breakdown the measure can have, a margin only for knowledge, a known course, dates in order. */
  private async check(
    fields: IndicatorFieldsDto | Indicator,
    fixed: { measure: Indicator['measure']; academyId: string | null },
  ): Promise<void> {
    const problems: FieldViolation[] = [];
    if (fields.breakdown && !breakdownsOf(fixed.measure).includes(fields.breakdown))
      problems.push({ field: 'breakdown', constraint: 'indicatorBreakdown' });
    if (fields.margin && fixed.measure !== 'knowledge_improved_percent') problems.push({ field: 'margin', constraint: 'indicatorMargin' });
    if (fields.courseId && !(await this.reports.courseNames([fields.courseId]))[fields.courseId])
      problems.push({ field: 'courseId', constraint: 'indicatorCourse' });
    if (fields.baselineDate && fields.targetDate && fields.targetDate <= fields.baselineDate)
      problems.push({ field: 'targetDate', constraint: 'endsBeforeStart' });
    if (problems.length) throw new ValidationFailed(problems);
  }

  private async view(actor: AuthUser, indicator: Indicator, all: IndicatorValue[]): Promise<IndicatorView> {
    const values = all.filter((v) => v.indicatorId === indicator.id);
    const today = await this.values.today(indicator);
    const latest = [...values].reverse().find((v) => v.value !== null) ?? null;
    return {
      indicator,
      values,
      periods: this.values.periods(indicator, today),
      latest,
      progress: progressPercent(indicator.baselineValue, indicator.targetValue, latest?.value ?? null),
      elapsed: elapsedPercent(indicator.baselineDate, indicator.targetDate, today),
      today,
      courses: indicator.courseId ? await this.reports.courseNames([indicator.courseId]) : {},
      editable: this.editable(actor, indicator),
    };
  }

  private record(
    manager: EntityManager,
    actor: AuthUser,
    indicator: Indicator,
    action: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: actor.id,
      academyId: indicator.academyId,
      action,
      entityType: 'indicator',
      entityId: indicator.id,
      before,
      after,
    });
  }
}

/** The fields of a PATCH that were given (undefined: left as it is; null: cleared). */
function definedOf(dto: UpdateIndicatorDto): Partial<Indicator> {
  return Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined));
}

/** What the audit trail keeps of an indicator's definition. */
function snapshot(i: Indicator): Record<string, unknown> {
  const { code, title, measure, margin, country, courseId, breakdown, periodKind, baselineValue, baselineDate, targetValue, targetDate } =
    i;
  return { code, title, measure, margin, country, courseId, breakdown, periodKind, baselineValue, baselineDate, targetValue, targetDate };
}

/** Two administrators creating the same code at once: the unique index answers, as a 409 like the check before it. */
function uniqueCode(code: string) {
  return (error: unknown): never => {
    if ((error as { code?: string; driverError?: { code?: string } }).driverError?.code === '23505')
      throw new Conflict('indicator_code_taken', { code });
    throw error;
  };
}
