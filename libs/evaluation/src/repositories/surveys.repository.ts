import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CohortSurvey } from '../entities/survey-cohort.entity';
import { SurveyTemplate, SurveyTemplateItem } from '../entities/survey-template.entity';
import type { SurveyItem, SurveyItemInput } from '../survey-model';

/** A template as listed: how many items it has and whether a cohort uses it (then it never changes). */
export interface TemplateSummary {
  template: SurveyTemplate;
  itemCount: number;
  inUse: boolean;
}

/**
 * Survey templates, their items and cohorts' surveys (`survey_templates`, `survey_template_items`,
 * `cohort_surveys`). Writes and locks take the caller's manager first; reads take a manager last.
 */
@Injectable()
export class SurveysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---- templates ---------------------------------------------------------------------------------

  /** One page of the templates someone may use: platform-wide ones and their academy's (every one: `all`). */
  async templates(
    scope: { all: boolean; academyId: string | null },
    limit: number,
    offset: number,
  ): Promise<{ rows: TemplateSummary[]; total: number }> {
    const rows = await this.dataSource.query<{ id: string; total: number; item_count: number; in_use: boolean }[]>(
      `SELECT t.id, count(*) OVER ()::int AS total,
              (SELECT count(*)::int FROM survey_template_items i WHERE i.template_id = t.id) AS item_count,
              EXISTS (SELECT 1 FROM cohort_surveys cs WHERE cs.template_id = t.id) AS in_use
         FROM survey_templates t
        WHERE t.kind = 'reaction' AND ($1::boolean OR t.academy_id IS NULL OR t.academy_id = $2)
        ORDER BY t.academy_id IS NOT NULL, t.created_at DESC, t.id
        LIMIT $3 OFFSET $4`,
      [scope.all, scope.academyId, limit, offset],
    );
    const templates = rows.length ? await this.dataSource.getRepository(SurveyTemplate).findBy(rows.map((r) => ({ id: r.id }))) : [];
    const byId = new Map(templates.map((t) => [t.id, t]));
    return {
      rows: rows.map((r) => ({ template: byId.get(r.id)!, itemCount: r.item_count, inUse: r.in_use })),
      total: rows[0]?.total ?? 0,
    };
  }

  /**
   * The template; `lock`: `update` while it is changed, `share` while a cohort takes it up, so that a template
   * cannot change between the check that no cohort uses it and the change.
   */
  findTemplate(id: string, manager: EntityManager = this.dataSource.manager, lock?: 'update' | 'share'): Promise<SurveyTemplate | null> {
    return manager.findOne(SurveyTemplate, {
      // Follow-up questionnaires are templates too, but never a reaction survey's (FollowUpsRepository reads them).
      where: { id, kind: 'reaction' },
      ...(lock ? { lock: { mode: lock === 'update' ? ('pessimistic_write' as const) : ('pessimistic_read' as const) } } : {}),
    });
  }

  templateByCode(code: string, manager: EntityManager = this.dataSource.manager): Promise<SurveyTemplate | null> {
    return manager.findOneBy(SurveyTemplate, { code });
  }

  async items(templateId: string, manager: EntityManager = this.dataSource.manager): Promise<SurveyItem[]> {
    const rows = await manager.find(SurveyTemplateItem, { where: { templateId }, order: { position: 'ASC' } });
    return rows.map((r) => ({
      id: r.id,
      position: r.position,
      type: r.type,
      scale: r.scale,
      text: r.text,
      options: r.options,
      required: r.required,
    }));
  }

  async inUse(templateId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager.existsBy(CohortSurvey, { templateId });
  }

  createTemplate(
    manager: EntityManager,
    fields: Pick<SurveyTemplate, 'academyId' | 'code' | 'title' | 'intro' | 'copiedFrom' | 'createdBy'>,
  ): Promise<SurveyTemplate> {
    return manager.save(manager.create(SurveyTemplate, fields));
  }

  /**
   * A standard template under its code, unless one exists: `INSERT … ON CONFLICT (code) DO NOTHING`, so servers
   * starting together create it once. Answers the new template, or undefined when it was there already.
   */
  async insertStandard(
    manager: EntityManager,
    fields: Pick<SurveyTemplate, 'code' | 'title' | 'intro'> & { kind?: 'reaction' | 'mission' },
  ): Promise<SurveyTemplate | undefined> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO survey_templates (academy_id, code, kind, title, intro) VALUES (NULL, $1, $4, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING id`,
      [fields.code, JSON.stringify(fields.title), JSON.stringify(fields.intro), fields.kind ?? 'reaction'],
    );
    return rows.length ? ((await manager.findOneBy(SurveyTemplate, { id: rows[0].id })) ?? undefined) : undefined;
  }

  async saveTemplate(manager: EntityManager, template: SurveyTemplate): Promise<SurveyTemplate> {
    template.updatedAt = new Date();
    return manager.save(template);
  }

  /** The template's items, replaced by `items` in this order (a template no cohort uses). */
  async replaceItems(manager: EntityManager, templateId: string, items: SurveyItemInput[]): Promise<void> {
    await manager.delete(SurveyTemplateItem, { templateId });
    await manager.insert(
      SurveyTemplateItem,
      items.map((item, position) => ({
        templateId,
        position,
        type: item.type,
        scale: item.type === 'likert' ? item.scale : null,
        text: item.text,
        options: item.type === 'single_choice' ? item.options : null,
        required: item.required,
      })),
    );
  }

  // ---- cohorts' surveys -----------------------------------------------------------------------------

  findCohortSurvey(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<CohortSurvey | null> {
    return manager.findOne(CohortSurvey, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  ofCohort(cohortId: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<CohortSurvey | null> {
    return manager.findOne(CohortSurvey, { where: { cohortId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  createCohortSurvey(
    manager: EntityManager,
    fields: Pick<CohortSurvey, 'cohortId' | 'academyId' | 'templateId' | 'minResponses' | 'createdBy'>,
  ): Promise<CohortSurvey> {
    return manager.save(manager.create(CohortSurvey, fields));
  }

  saveCohortSurvey(manager: EntityManager, survey: CohortSurvey): Promise<CohortSurvey> {
    return manager.save(survey);
  }

  /** The surveys of these cohorts that are still open, each with whether the person has answered it. */
  async openForLearner(cohortIds: string[], userId: string): Promise<{ survey: CohortSurvey; answered: boolean }[]> {
    if (!cohortIds.length) return [];
    const rows = await this.dataSource.query<{ id: string; answered: boolean }[]>(
      `SELECT cs.id, EXISTS (SELECT 1 FROM survey_invitations i WHERE i.cohort_survey_id = cs.id AND i.user_id = $2) AS answered
         FROM cohort_surveys cs WHERE cs.cohort_id = ANY($1::uuid[]) AND cs.closed_at IS NULL`,
      [cohortIds, userId],
    );
    if (!rows.length) return [];
    const surveys = await this.dataSource.getRepository(CohortSurvey).findBy(rows.map((r) => ({ id: r.id })));
    const answered = new Map(rows.map((r) => [r.id, r.answered]));
    return cohortIds.flatMap((cohortId) => {
      const survey = surveys.find((s) => s.cohortId === cohortId);
      return survey ? [{ survey, answered: answered.get(survey.id) ?? false }] : [];
    });
  }

  /** The cohorts' surveys that use a template, of one academy or (`academyId` null) of every academy. */
  ofTemplate(templateId: string, academyId: string | null): Promise<CohortSurvey[]> {
    return this.dataSource.getRepository(CohortSurvey).find({
      where: academyId ? { templateId, academyId } : { templateId },
      order: { createdAt: 'ASC' },
    });
  }
}
