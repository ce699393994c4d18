import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, IsNull } from 'typeorm';
import { Indicator, IndicatorValue } from '../entities/indicator.entity';
import { APPLYING_FROM } from '../follow-up-model';

/** Per cohort's reaction survey that reached its own threshold: its academy, responses, and its Likert answers' count and sum. */
export interface SatisfactionSums {
  cohortId: string;
  academyId: string;
  responses: number;
  n: number;
  total: number;
}

/** A learner's answer to "how often" in a follow-up wave whose learners' answers reached the wave's threshold. */
export interface ApplyingAnswer {
  learnerId: string;
  cohortId: string;
  answeredAt: Date;
  applying: boolean;
}

/**
 * The register's tables (`indicators`, `indicator_values`), and the two statements of the indicators' own measures
 * over the evaluation context's survey and follow-up tables, each of which checks the anonymity threshold itself:
 * a cohort's survey (or a wave's learners' answers) under its threshold gives no row.
 */
@Injectable()
export class IndicatorsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---- indicators ------------------------------------------------------------------------------------

  /** The indicators a reader sees (`academyIds` null: all; otherwise those academies' and the platform-wide ones). */
  async list(
    scope: { all: boolean; academyId: string | null },
    archived: boolean,
    limit: number,
    offset: number,
  ): Promise<{ rows: Indicator[]; total: number }> {
    const qb = this.dataSource
      .getRepository(Indicator)
      .createQueryBuilder('i')
      .where(archived ? 'i.archived_at IS NOT NULL' : 'i.archived_at IS NULL')
      .orderBy('i.academy_id IS NOT NULL', 'ASC')
      .addOrderBy('i.code', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .take(limit)
      .skip(offset);
    if (!scope.all) qb.andWhere('(i.academy_id IS NULL OR i.academy_id = :academyId)', { academyId: scope.academyId });
    const [rows, total] = await qb.getManyAndCount();
    return { rows, total };
  }

  find(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<Indicator | null> {
    return manager.findOne(Indicator, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  async codeTaken(academyId: string | null, code: string, exceptId?: string, manager = this.dataSource.manager): Promise<boolean> {
    const found = await manager.findOneBy(Indicator, { academyId: academyId ?? IsNull(), code });
    return Boolean(found && found.id !== exceptId);
  }

  insert(manager: EntityManager, fields: Omit<Indicator, 'id' | 'createdAt' | 'updatedAt' | 'archivedAt'>): Promise<Indicator> {
    return manager.save(manager.create(Indicator, { ...fields, archivedAt: null }));
  }

  save(manager: EntityManager, indicator: Indicator): Promise<Indicator> {
    indicator.updatedAt = new Date();
    return manager.save(indicator);
  }

  /** Every indicator the worker computes: not archived, not entered by hand. */
  computable(): Promise<Indicator[]> {
    return this.dataSource
      .getRepository(Indicator)
      .createQueryBuilder('i')
      .where('i.archived_at IS NULL')
      .andWhere(`i.measure <> 'manual'`)
      .orderBy('i.created_at')
      .getMany();
  }

  // ---- values -------------------------------------------------------------------------------------------

  values(indicatorIds: string[], manager: EntityManager = this.dataSource.manager): Promise<IndicatorValue[]> {
    if (!indicatorIds.length) return Promise.resolve([]);
    return manager.find(IndicatorValue, { where: { indicatorId: In(indicatorIds) }, order: { periodFrom: 'ASC' } });
  }

  /** One period's value, locked while it is replaced (the caller holds the indicator's lock too). */
  value(indicatorId: string, period: string, manager: EntityManager): Promise<IndicatorValue | null> {
    return manager.findOne(IndicatorValue, { where: { indicatorId, period }, lock: { mode: 'pessimistic_write' } });
  }

  saveValue(manager: EntityManager, value: Partial<IndicatorValue>): Promise<IndicatorValue> {
    return manager.save(manager.create(IndicatorValue, value));
  }

  async deleteValue(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(IndicatorValue, { id });
  }

  // ---- the indicators' own measures ------------------------------------------------------------------------

  /**
   * Reaction surveys over their threshold (`academyId` null: every academy's): per cohort, the responses and the
   * count and sum of their Likert answers. A survey with fewer answers than its `min_responses` gives no row.
   */
  async satisfaction(academyId: string | null): Promise<SatisfactionSums[]> {
    const rows = await this.dataSource.query<{ cohort_id: string; academy_id: string; responses: number; n: number; total: string }[]>(
      `WITH qualified AS (
         SELECT cs.id, cs.cohort_id, cs.academy_id, cs.template_id, count(r.id)::int AS responses
           FROM cohort_surveys cs
           JOIN survey_templates t ON t.id = cs.template_id AND t.kind = 'reaction'
           JOIN survey_responses r ON r.cohort_survey_id = cs.id
          WHERE ($1::uuid IS NULL OR cs.academy_id = $1::uuid)
          GROUP BY cs.id HAVING count(r.id) >= cs.min_responses)
       SELECT q.cohort_id, q.academy_id, q.responses, count(i.id)::int AS n,
              coalesce(sum((a.value #>> '{}')::int) FILTER (WHERE i.id IS NOT NULL), 0)::text AS total
         FROM qualified q
         JOIN survey_responses r ON r.cohort_survey_id = q.id
         CROSS JOIN LATERAL jsonb_each(r.answers) a
         LEFT JOIN survey_template_items i
           ON i.template_id = q.template_id AND i.id::text = a.key AND i.type = 'likert' AND jsonb_typeof(a.value) = 'number'
        GROUP BY q.cohort_id, q.academy_id, q.responses`,
      [academyId],
    );
    return rows.map((r) => ({ cohortId: r.cohort_id, academyId: r.academy_id, responses: r.responses, n: r.n, total: Number(r.total) }));
  }

  /**
   * Learners' own answers to the frequency question of follow-up waves whose learners' answers reached the wave's
   * threshold, answered between `from` and `to` (widened by a day each side: the caller dates each answer on the
   * learner's academy's calendar). "Applying": from "sometimes" on (`APPLYING_FROM`).
   */
  async applyingAnswers(from: string, to: string): Promise<ApplyingAnswer[]> {
    const rows = await this.dataSource.query<{ learner_id: string; cohort_id: string; answered_at: Date; value: number }[]>(
      `WITH qualified AS (
         SELECT w.id, w.cohort_id, w.learner_template_id
           FROM follow_up_waves w
           JOIN follow_up_invitations x ON x.wave_id = w.id AND x.respondent = 'learner' AND x.answered_at IS NOT NULL
          GROUP BY w.id HAVING count(*) >= w.min_responses)
       SELECT i.learner_id, q.cohort_id, i.answered_at, (a.value #>> '{}')::int AS value
         FROM qualified q
         JOIN follow_up_invitations i ON i.wave_id = q.id AND i.respondent = 'learner' AND i.answered_at IS NOT NULL
         JOIN follow_up_responses r ON r.invitation_id = i.id
         CROSS JOIN LATERAL jsonb_each(r.answers) a
         JOIN survey_template_items it ON it.template_id = q.learner_template_id AND it.id::text = a.key AND it.type = 'frequency'
        WHERE jsonb_typeof(a.value) = 'number'
          AND i.answered_at >= $1::date - 1 AND i.answered_at < $2::date + 2`,
      [from, to],
    );
    return rows.map((r) => ({
      learnerId: r.learner_id,
      cohortId: r.cohort_id,
      answeredAt: new Date(r.answered_at),
      applying: r.value >= APPLYING_FROM,
    }));
  }
}
