import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { Conflict, NotFound, ValidationFailed, zonedDate } from '@probity/i18n';
import { AcademiesService, type AuthUser } from '@probity/identity';
import type { ManualValueDto } from './dto/indicators.dto';
import type { Indicator, IndicatorValue } from './entities/indicator.entity';
import { IndicatorMeasuresService } from './indicator-measures.service';
import {
  BREAKDOWN_CODES,
  type BreakdownValue,
  type IndicatorDefinition,
  type MeasuredValue,
  type Period,
  nextDay,
  periodByLabel,
  periodsBetween,
} from './indicators-model';
import { IndicatorsRepository } from './repositories/indicators.repository';

/** How old the current period's value may be when the register is read before it is computed again. */
export const CURRENT_VALUE_SECONDS = 60;

/** What one computation of an indicator did. */
export interface ComputeRun {
  /** Periods looked at. */
  periods: number;
  /** Values stored for the first time. */
  created: number;
  /** Final values whose number changed (each written to the audit trail with the old and the new value). */
  changed: number;
  /** Values that stayed as they were (or provisional ones brought up to date). */
  unchanged: number;
  /** Periods with a value entered by hand, which a computation never replaces. */
  manual: number;
}

/** The worker's nightly run over every indicator. */
export interface NightlyRun {
  indicators: number;
  failed: number;
  created: number;
  changed: number;
}

/** The figures a value is audited by. */
function figures(v: Pick<IndicatorValue, 'value' | 'n' | 'breakdownValues'>): {
  value: number | null;
  n: number | null;
  breakdown: BreakdownValue[] | null;
} {
  return { value: v.value, n: v.n, breakdown: v.breakdownValues };
}

/** Whether a stored value says what a computation found (jsonb keeps its own key order: compared member by member). */
function same(a: Pick<IndicatorValue, 'value' | 'n' | 'breakdownValues'>, b: MeasuredValue): boolean {
  const canonical = (value: number | null, n: number | null, groups: BreakdownValue[] | null): string =>
    JSON.stringify([value, n, groups?.map((g) => [g.key, g.value, g.n]) ?? null]);
  return canonical(a.value, a.n, a.breakdownValues) === canonical(b.value, b.n, b.breakdown);
}

/**
 * An indicator's values per reporting period (ADR 0010): which periods it has (from the one after its baseline, or its
 * creation, to the current one), computing and storing them (the worker nightly, an administrator on request), and
 * values entered by hand. The current period's value is provisional; a period's first computation after it closed
 * makes its value final, and a later computation that changes a final value is audited (old and new value). A value
 * entered by hand is audited too and never replaced by a computation.
 */
@Injectable()
export class IndicatorValuesService {
  private readonly logger = new Logger('Indicators');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: IndicatorsRepository,
    private readonly measures: IndicatorMeasuresService,
    private readonly academies: AcademiesService,
    private readonly audit: AuditService,
  ) {}

  /** Today on the indicator's calendar: its academy's time zone, UTC for a platform-wide indicator. */
  async today(indicator: Pick<Indicator, 'academyId'>): Promise<string> {
    const zone = indicator.academyId ? (await this.academies.get(indicator.academyId)).timeZone : 'UTC';
    return zonedDate(new Date(), zone);
  }

  /** The indicator's periods up to the current one (the last may still be open). */
  periods(indicator: Indicator, today: string): Period[] {
    const start = indicator.baselineDate ? nextDay(indicator.baselineDate) : zonedDate(indicator.createdAt, 'UTC');
    return periodsBetween(indicator.periodKind, start, today);
  }

  definition(indicator: Indicator): IndicatorDefinition {
    return {
      measure: indicator.measure,
      academyId: indicator.academyId,
      country: indicator.country,
      courseId: indicator.courseId,
      breakdown: indicator.breakdown,
      margin: indicator.margin,
    };
  }

  /**
   * Computes and stores the indicator's values: every period, or the one named. `actor` null is the worker. Access has
   * been checked by the caller.
   */
  async compute(actor: AuthUser | null, indicator: Indicator, only?: string): Promise<ComputeRun> {
    const run: ComputeRun = { periods: 0, created: 0, changed: 0, unchanged: 0, manual: 0 };
    if (indicator.measure === 'manual' || indicator.archivedAt) return run;
    const today = await this.today(indicator);
    let periods = this.periods(indicator, today);
    if (only !== undefined) {
      const period = periodByLabel(indicator.periodKind, only);
      if (!period || period.from > today) throw new ValidationFailed([{ field: 'period', constraint: 'indicatorPeriod' }]);
      periods = [period];
    }
    const definition = this.definition(indicator);
    for (const period of periods) {
      run.periods++;
      const measured = await this.measures.measure(definition, period);
      const outcome = await this.dataSource.transaction((manager) =>
        this.store(manager, actor, indicator, period, measured, period.to < today),
      );
      run[outcome]++;
    }
    return run;
  }

  /** Stores one period's computed value under the indicator's lock; says what happened. */
  private async store(
    manager: EntityManager,
    actor: AuthUser | null,
    indicator: Indicator,
    period: Period,
    measured: MeasuredValue,
    closed: boolean,
  ): Promise<'created' | 'changed' | 'unchanged' | 'manual'> {
    const locked = await this.repository.find(indicator.id, manager, true);
    if (!locked || locked.archivedAt) return 'unchanged';
    const existing = await this.repository.value(indicator.id, period.label, manager);
    if (existing?.source === 'manual') return 'manual';
    const changed = Boolean(existing && !same(existing, measured));
    await this.repository.saveValue(manager, {
      ...(existing ? { id: existing.id } : {}),
      indicatorId: indicator.id,
      period: period.label,
      periodFrom: period.from,
      periodTo: period.to,
      value: measured.value,
      n: measured.n,
      breakdownValues: measured.breakdown,
      source: 'computed',
      note: null,
      final: closed,
      computedAt: new Date(),
      computedBy: actor?.id ?? null,
    });
    if (!existing) return 'created';
    // A provisional value follows its open period; only a final value that changes is a change of record.
    if (changed && existing.final)
      await this.audit.record(manager, {
        actorId: actor?.id ?? null,
        academyId: indicator.academyId,
        action: 'indicator.value_recomputed',
        entityType: 'indicator',
        entityId: indicator.id,
        before: { period: period.label, ...figures(existing), source: existing.source, computedAt: existing.computedAt.toISOString() },
        after: { period: period.label, value: measured.value, n: measured.n, breakdown: measured.breakdown, source: 'computed' },
      });
    return changed && existing.final ? 'changed' : 'unchanged';
  }

  /**
   * The register computes the current period when it is read: a computed indicator whose open period has no value, or
   * one older than `CURRENT_VALUE_SECONDS`, gets it now (provisional, not audited). True when a value was written.
   */
  async refreshCurrent(actor: AuthUser | null, indicator: Indicator, values: IndicatorValue[], today: string): Promise<boolean> {
    if (indicator.measure === 'manual' || indicator.archivedAt) return false;
    const current = this.periods(indicator, today).at(-1);
    if (!current || current.to < today) return false;
    const stored = values.find((v) => v.indicatorId === indicator.id && v.period === current.label);
    if (stored?.source === 'manual') return false;
    if (stored && Date.now() - stored.computedAt.getTime() < CURRENT_VALUE_SECONDS * 1000) return false;
    await this.compute(actor, indicator, current.label);
    return true;
  }

  /** The worker's nightly run: every indicator that is computed, each on its own (one failing stops no other). */
  async computeAll(): Promise<NightlyRun> {
    const result: NightlyRun = { indicators: 0, failed: 0, created: 0, changed: 0 };
    for (const indicator of await this.repository.computable()) {
      try {
        const run = await this.compute(null, indicator);
        result.indicators++;
        result.created += run.created;
        result.changed += run.changed;
      } catch (error) {
        result.failed++;
        this.logger.error(`indicator ${indicator.id} (${indicator.code}): ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return result;
  }

  /**
   * A value entered by hand for a period that has begun (closed or current), with a note saying where it comes from:
   * it replaces what was there (a computed value too) and is never replaced by a computation; audited with the old
   * and the new value. Access has been checked by the caller.
   */
  async enter(actor: AuthUser, indicator: Indicator, label: string, dto: ManualValueDto): Promise<IndicatorValue> {
    const today = await this.today(indicator);
    const period = this.enterable(indicator, label, today);
    const breakdown = this.manualBreakdown(indicator, dto);
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.repository.find(indicator.id, manager, true);
      if (!locked) throw new NotFound('indicator');
      if (locked.archivedAt) throw new Conflict('indicator_archived');
      const existing = await this.repository.value(indicator.id, period.label, manager);
      const saved = await this.repository.saveValue(manager, {
        ...(existing ? { id: existing.id } : {}),
        indicatorId: indicator.id,
        period: period.label,
        periodFrom: period.from,
        periodTo: period.to,
        value: dto.value,
        n: dto.n ?? null,
        breakdownValues: breakdown,
        source: 'manual',
        note: dto.note.trim(),
        final: period.to < today,
        computedAt: new Date(),
        computedBy: actor.id,
      });
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: indicator.academyId,
        action: 'indicator.value_entered',
        entityType: 'indicator',
        entityId: indicator.id,
        before: existing ? { period: period.label, ...figures(existing), source: existing.source, note: existing.note } : null,
        after: { period: period.label, value: dto.value, n: dto.n ?? null, breakdown, source: 'manual', note: dto.note.trim() },
      });
      return saved;
    });
  }

  /** Takes back a value entered by hand (audited); a computed measure's value is then computed again at once. */
  async clear(actor: AuthUser, indicator: Indicator, label: string): Promise<void> {
    const today = await this.today(indicator);
    const period = this.enterable(indicator, label, today);
    await this.dataSource.transaction(async (manager) => {
      await this.repository.find(indicator.id, manager, true);
      const existing = await this.repository.value(indicator.id, period.label, manager);
      if (!existing || existing.source !== 'manual') throw new NotFound('indicator_value');
      await this.repository.deleteValue(manager, existing.id);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: indicator.academyId,
        action: 'indicator.value_cleared',
        entityType: 'indicator',
        entityId: indicator.id,
        before: { period: period.label, ...figures(existing), source: existing.source, note: existing.note },
        after: null,
      });
    });
    if (indicator.measure !== 'manual') await this.compute(actor, indicator, period.label);
  }

  /** The period a label names, if it is of the indicator's kind and has begun. */
  private enterable(indicator: Indicator, label: string, today: string): Period {
    const period = periodByLabel(indicator.periodKind, label);
    if (!period || period.from > today) throw new ValidationFailed([{ field: 'period', constraint: 'indicatorPeriod' }]);
    return period;
  }

  /** A manual breakdown: only for an indicator with a breakdown, each group once, codes of its list (countries: ISO). */
  private manualBreakdown(indicator: Indicator, dto: ManualValueDto): BreakdownValue[] | null {
    if (!dto.breakdown?.length) return null;
    const by = indicator.breakdown;
    if (!by) throw new ValidationFailed([{ field: 'breakdown', constraint: 'indicatorNoBreakdown' }]);
    const codes = BREAKDOWN_CODES[by];
    const seen = new Set<string | null>();
    const problems = dto.breakdown.flatMap((g, i) => {
      const key = g.key ?? null;
      const known = key === null || (codes ? codes.includes(key) : /^[A-Z]{2}$/.test(key));
      const twice = seen.has(key);
      seen.add(key);
      return known && !twice ? [] : [{ field: `breakdown.${i}.key`, constraint: 'indicatorBreakdownKey' }];
    });
    if (problems.length) throw new ValidationFailed(problems);
    return dto.breakdown.map((g) => ({ key: g.key ?? null, value: g.value, n: g.n ?? null }));
  }
}
