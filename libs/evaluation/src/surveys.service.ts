import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { type Cohort, CohortsService } from '@probity/cohorts';
import { BadInput, Conflict, Forbidden, type LocaleMap, NotFound, ValidationFailed } from '@probity/i18n';
import { type AuthUser, type Page, administers, hasRole } from '@probity/identity';
import type { AttachSurveyDto, SurveyTemplateDto } from './dto/surveys.dto';
import type { CohortSurvey } from './entities/survey-cohort.entity';
import type { SurveyTemplate } from './entities/survey-template.entity';
import { SurveyAnswersRepository } from './repositories/survey-answers.repository';
import { SurveysRepository, type TemplateSummary } from './repositories/surveys.repository';
import { DEFAULT_MIN_RESPONSES, type SurveyItem, type SurveyItemInput, itemShapeProblems } from './survey-model';

/** A template with its items, and what the reader may do with it. */
export interface TemplateView {
  template: SurveyTemplate;
  items: SurveyItem[];
  /** A cohort uses it: it never changes again (copy it to change it). */
  inUse: boolean;
  /** The reader may change it (while no cohort uses it). */
  editable: boolean;
}

/** A standard template as the seed gives it (`seed/surveys`). */
export interface StandardTemplate {
  code: string;
  /** `reaction` when left out; `mission`: the Technical Assistance Facility's mission evaluation (assistance's). */
  kind?: 'reaction' | 'mission';
  title: LocaleMap;
  intro: LocaleMap;
  items: SurveyItemInput[];
}

/**
 * Reaction surveys (Kirkpatrick level 1, ADR 0010): templates (platform-wide or an academy's, frozen once a cohort
 * uses them) and a cohort's survey (attaching, changing while nobody answered, closing). Answering is
 * `SurveyAnswersService`, results `SurveyResultsService`.
 */
@Injectable()
export class SurveysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly surveys: SurveysRepository,
    private readonly answers: SurveyAnswersRepository,
    private readonly cohorts: CohortsService,
    private readonly audit: AuditService,
  ) {}

  // ---- templates ------------------------------------------------------------------------------------

  async listTemplates(actor: AuthUser, limit = 50, offset = 0): Promise<Page<TemplateSummary>> {
    const { rows, total } = await this.surveys.templates(
      { all: hasRole(actor, 'platform_admin'), academyId: actor.academyId },
      limit,
      offset,
    );
    return { items: rows, total };
  }

  async template(actor: AuthUser, id: string): Promise<TemplateView> {
    const template = await this.visibleTemplate(actor, id);
    return this.view(actor, template);
  }

  async createTemplate(actor: AuthUser, dto: SurveyTemplateDto): Promise<TemplateView> {
    const items = this.checkedItems(dto);
    const academyId = hasRole(actor, 'platform_admin') && !actor.academyId ? null : actor.academyId;
    if (academyId === null && !hasRole(actor, 'platform_admin')) throw new BadInput('academy_required');
    const template = await this.dataSource.transaction(async (manager) => {
      const created = await this.surveys.createTemplate(manager, {
        academyId,
        code: null,
        title: dto.title,
        intro: dto.intro ?? {},
        copiedFrom: null,
        createdBy: actor.id,
      });
      await this.surveys.replaceItems(manager, created.id, items);
      await this.recordTemplate(manager, actor, created, 'survey_template.created', null, { title: dto.title, items: items.length });
      return created;
    });
    return this.view(actor, template);
  }

  /** Changes a template no cohort uses yet; one in use is frozen (409: copy it instead). */
  async updateTemplate(actor: AuthUser, id: string, dto: SurveyTemplateDto): Promise<TemplateView> {
    const items = this.checkedItems(dto);
    const template = await this.dataSource.transaction(async (manager) => {
      const found = await this.visibleTemplate(actor, id, manager, 'update');
      if (!this.mayEdit(actor, found)) throw new Forbidden();
      if (await this.surveys.inUse(id, manager)) throw new Conflict('survey_template_in_use');
      const before = { title: found.title, items: (await this.surveys.items(id, manager)).length };
      found.title = dto.title;
      found.intro = dto.intro ?? {};
      const saved = await this.surveys.saveTemplate(manager, found);
      await this.surveys.replaceItems(manager, id, items);
      await this.recordTemplate(manager, actor, saved, 'survey_template.updated', before, { title: dto.title, items: items.length });
      return saved;
    });
    return this.view(actor, template);
  }

  /** A copy of a template the reader may see, owned by the reader's academy (platform-wide for a platform administrator). */
  async copyTemplate(actor: AuthUser, id: string): Promise<TemplateView> {
    if (!hasRole(actor, 'trainer', 'academy_admin', 'platform_admin')) throw new Forbidden();
    const template = await this.dataSource.transaction(async (manager) => {
      const source = await this.visibleTemplate(actor, id, manager);
      const items = await this.surveys.items(id, manager);
      const copy = await this.surveys.createTemplate(manager, {
        academyId: actor.academyId,
        code: null,
        title: source.title,
        intro: source.intro,
        copiedFrom: source.id,
        createdBy: actor.id,
      });
      await this.surveys.replaceItems(manager, copy.id, items);
      await this.recordTemplate(manager, actor, copy, 'survey_template.copied', null, { copiedFrom: source.id });
      return copy;
    });
    return this.view(actor, template);
  }

  /**
   * The standard template under its code, created on an empty database and left as it is afterwards (the server's
   * start-up calls it on every database, demo or not). True when it was created now.
   */
  async ensureStandard(standard: StandardTemplate): Promise<boolean> {
    const problems = itemShapeProblems(standard.items);
    if (problems.length) throw new ValidationFailed(problems);
    if (await this.surveys.templateByCode(standard.code)) return false;
    return this.dataSource.transaction(async (manager) => {
      const created = await this.surveys.insertStandard(manager, standard);
      if (!created) return false;
      await this.surveys.replaceItems(manager, created.id, standard.items);
      await this.recordTemplate(manager, null, created, 'survey_template.created', null, {
        code: standard.code,
        items: standard.items.length,
      });
      return true;
    });
  }

  templateByCode(code: string): Promise<SurveyTemplate | null> {
    return this.surveys.templateByCode(code);
  }

  /**
   * A standard template (of any kind) and its items, by code, with no access check: for another context that asks
   * its own people a standard questionnaire (assistance's mission evaluations). Null when it is not seeded.
   */
  async standardForm(code: string, manager?: EntityManager): Promise<{ template: SurveyTemplate; items: SurveyItem[] } | null> {
    const template = await this.surveys.templateByCode(code, manager);
    return template && template.academyId === null ? { template, items: await this.surveys.items(template.id, manager) } : null;
  }

  // ---- a cohort's survey --------------------------------------------------------------------------------

  /**
   * Attaches a template to a cohort (its trainers, its academy's administrators, platform administrators), or
   * changes the one attached: another template only while nobody answered, the threshold at any time (never below 3).
   */
  async attach(actor: AuthUser, cohortId: string, dto: AttachSurveyDto): Promise<CohortSurvey> {
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.staffCohort(actor, cohortId, manager, true);
      const template = await this.surveys.findTemplate(dto.templateId, manager, 'share');
      if (!template || (template.academyId !== null && template.academyId !== cohort.academyId)) throw new NotFound('survey_template');
      const existing = await this.surveys.ofCohort(cohortId, manager, true);
      if (!existing) {
        const created = await this.surveys.createCohortSurvey(manager, {
          cohortId,
          academyId: cohort.academyId,
          templateId: template.id,
          minResponses: dto.minResponses ?? DEFAULT_MIN_RESPONSES,
          createdBy: actor.id,
        });
        await this.record(manager, actor, created, 'survey.attached', null, {
          templateId: template.id,
          minResponses: created.minResponses,
        });
        return created;
      }
      if (existing.closedAt) throw new Conflict('survey_closed');
      const before = { templateId: existing.templateId, minResponses: existing.minResponses };
      if (existing.templateId !== template.id && (await this.answers.count(existing.id, manager)).responses > 0)
        throw new Conflict('survey_answered');
      existing.templateId = template.id;
      existing.minResponses = dto.minResponses ?? existing.minResponses;
      const saved = await this.surveys.saveCohortSurvey(manager, existing);
      await this.record(manager, actor, saved, 'survey.changed', before, {
        templateId: saved.templateId,
        minResponses: saved.minResponses,
      });
      return saved;
    });
  }

  /** The cohort's survey for its staff, or undefined when none is attached. */
  async ofCohort(actor: AuthUser, cohortId: string): Promise<{ cohort: Cohort; survey: CohortSurvey | undefined }> {
    const cohort = await this.staffCohort(actor, cohortId);
    return { cohort, survey: (await this.surveys.ofCohort(cohortId)) ?? undefined };
  }

  /** No more answers are taken; results stay. */
  async close(actor: AuthUser, cohortSurveyId: string): Promise<CohortSurvey> {
    return this.dataSource.transaction(async (manager) => {
      const { survey } = await this.staffSurvey(actor, cohortSurveyId, manager, true);
      if (survey.closedAt) throw new Conflict('survey_closed');
      survey.closedAt = new Date();
      const saved = await this.surveys.saveCohortSurvey(manager, survey);
      const { responses } = await this.answers.count(survey.id, manager);
      await this.record(manager, actor, saved, 'survey.closed', null, { responses });
      return saved;
    });
  }

  /** A cohort's survey and its cohort, for the cohort's staff: 404 for anyone else who cannot see the cohort, 403 for partners. */
  async staffSurvey(
    actor: AuthUser,
    cohortSurveyId: string,
    manager?: EntityManager,
    lock = false,
  ): Promise<{ survey: CohortSurvey; cohort: Cohort }> {
    const survey = await this.surveys.findCohortSurvey(cohortSurveyId, manager, lock);
    if (!survey) throw new NotFound('cohort_survey');
    return { survey, cohort: await this.staffCohort(actor, survey.cohortId, manager) };
  }

  /** An audit entry of a cohort's survey (attached, changed, closed, exported), in the cohort's academy's chain. */
  record(
    manager: EntityManager,
    actor: AuthUser,
    survey: CohortSurvey,
    action: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: actor.id,
      academyId: survey.academyId,
      action,
      entityType: 'cohort_survey',
      entityId: survey.id,
      before,
      after: { cohortId: survey.cohortId, ...after },
    });
  }

  // ---- rules ----------------------------------------------------------------------------------------------

  private async staffCohort(actor: AuthUser, cohortId: string, manager?: EntityManager, lock = false): Promise<Cohort> {
    const access = await this.cohorts.access(actor, cohortId, manager, lock);
    if (!access.staff) throw new Forbidden();
    return access.cohort;
  }

  private async visibleTemplate(actor: AuthUser, id: string, manager?: EntityManager, lock?: 'update'): Promise<SurveyTemplate> {
    const template = await this.surveys.findTemplate(id, manager, lock);
    if (!template || !(hasRole(actor, 'platform_admin') || template.academyId === null || template.academyId === actor.academyId))
      throw new NotFound('survey_template');
    return template;
  }

  /**
   * Platform-wide templates are kept by platform administrators, an academy's by its administrators and trainers
   * (pages ask it to decide which buttons to show; whether a cohort uses the template is `TemplateSummary.inUse`).
   */
  mayEdit(actor: AuthUser, template: SurveyTemplate): boolean {
    if (template.academyId === null) return hasRole(actor, 'platform_admin');
    return administers(actor, template.academyId) || (hasRole(actor, 'trainer') && actor.academyId === template.academyId);
  }

  private async view(actor: AuthUser, template: SurveyTemplate): Promise<TemplateView> {
    const [items, inUse] = await Promise.all([this.surveys.items(template.id), this.surveys.inUse(template.id)]);
    return { template, items, inUse, editable: !inUse && this.mayEdit(actor, template) };
  }

  /** The DTO's items with the rules a DTO cannot say checked, and defaults filled in. */
  private checkedItems(dto: SurveyTemplateDto): SurveyItemInput[] {
    const problems = itemShapeProblems(dto.items);
    if (problems.length) throw new ValidationFailed(problems);
    return dto.items.map((item) => ({
      type: item.type,
      scale: item.type === 'likert' ? (item.scale ?? null) : null,
      text: item.text,
      options: item.type === 'single_choice' ? (item.options ?? []).map((o) => ({ text: o.text })) : null,
      required: item.required ?? item.type !== 'open_text',
    }));
  }

  private recordTemplate(
    manager: EntityManager,
    actor: AuthUser | null,
    template: SurveyTemplate,
    action: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: actor?.id ?? null,
      academyId: template.academyId,
      action,
      entityType: 'survey_template',
      entityId: template.id,
      before,
      after,
    });
  }
}
