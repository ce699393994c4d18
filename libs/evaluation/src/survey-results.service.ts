import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Cohort, CohortsService } from '@probity/cohorts';
import { NotFound } from '@probity/i18n';
import { AcademiesService, type AuthUser, hasRole } from '@probity/identity';
import type { CohortSurvey } from './entities/survey-cohort.entity';
import type { SurveyTemplate } from './entities/survey-template.entity';
import { type ScaleSums, SurveyAnswersRepository } from './repositories/survey-answers.repository';
import { SurveysRepository } from './repositories/surveys.repository';
import { LIKERT_VALUES, type SurveyItem, type SurveyScale, responseRate, summarise } from './survey-model';
import { SurveysService } from './surveys.service';

export interface ItemResult {
  item: SurveyItem;
  /** How many answered this question. */
  n: number;
  /** Likert items: the mean of 1–5 (two decimals). */
  mean: number | null;
  /** Answers per value: Likert 1–5, single choice per option (1…n); open questions none. */
  counts: number[];
  /** Open questions: the answers, in a random order. */
  answers: string[];
}

export interface ScaleResult {
  scale: SurveyScale;
  n: number;
  mean: number | null;
  counts: number[];
}

/**
 * A cohort's results. Under the threshold (`shown` false) only the number of answers and the response rate are
 * there: the statements that read answers found no row.
 */
export interface SurveyResults {
  survey: CohortSurvey;
  cohort: Cohort;
  template: SurveyTemplate;
  responses: number;
  /** Learners who completed the cohort: who could answer. */
  completed: number;
  /** Answered of completed, percent (one decimal). */
  responseRate: number | null;
  shown: boolean;
  scales: ScaleResult[];
  items: ItemResult[];
}

export interface ComparisonRow {
  survey: CohortSurvey;
  cohortName: string;
  academy: { id: string; code: string; name: Record<string, string | undefined> };
  responses: number;
  completed: number;
  responseRate: number | null;
  scales: { scale: SurveyScale; n: number; mean: number | null }[];
  /** Every Likert answer of the cohort together. */
  overall: { n: number; mean: number | null };
}

/** One template's results across the cohorts the reader runs, each cohort only once it reached its own threshold. */
export interface SurveyComparison {
  template: SurveyTemplate;
  scales: SurveyScale[];
  rows: ComparisonRow[];
  /** Cohorts using the template that the reader runs but that have not reached their threshold. */
  belowThreshold: number;
}

/** Results of reaction surveys, for the staff of the cohort: per item and scale, and compared across cohorts. */
@Injectable()
export class SurveyResultsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly surveys: SurveysRepository,
    private readonly answers: SurveyAnswersRepository,
    private readonly surveysService: SurveysService,
    private readonly cohorts: CohortsService,
    private readonly academies: AcademiesService,
  ) {}

  /** Mean, distribution and response rate per item and per scale, and the open answers, once enough answered. */
  async results(actor: AuthUser, cohortSurveyId: string): Promise<SurveyResults> {
    const { survey, cohort } = await this.surveysService.staffSurvey(actor, cohortSurveyId);
    const [template, items, count, completedCounts] = await Promise.all([
      this.surveys.findTemplate(survey.templateId),
      this.surveys.items(survey.templateId),
      this.answers.count(survey.id),
      this.cohorts.completedCounts([cohort.id]),
    ]);
    if (!template) throw new NotFound('survey_template');
    const completed = completedCounts.get(cohort.id) ?? 0;
    const base = {
      survey,
      cohort,
      template,
      responses: count.responses,
      completed,
      responseRate: responseRate(count.responses, completed),
    };
    if (!count.shown) return { ...base, shown: false, scales: [], items: [] };
    // Each statement carries the threshold itself: between the count above and here, nothing else decides.
    const [distribution, open] = await Promise.all([this.answers.distribution(survey.id), this.answers.openAnswers(survey.id)]);
    const itemResults = items.map((item): ItemResult => {
      const size = item.type === 'likert' ? LIKERT_VALUES.length : item.type === 'single_choice' ? (item.options?.length ?? 0) : 0;
      const counts = Array.from(
        { length: size },
        (_, i) => distribution.find((d) => d.itemId === item.id && d.value === i + 1)?.count ?? 0,
      );
      const texts = open.filter((o) => o.itemId === item.id).map((o) => o.text);
      const { n, mean } = summarise(counts);
      return { item, n: item.type === 'open_text' ? texts.length : n, mean: item.type === 'likert' ? mean : null, counts, answers: texts };
    });
    const scales: ScaleResult[] = [];
    for (const scale of scalesOf(items)) {
      const counts = LIKERT_VALUES.map((_, i) =>
        itemResults.filter((r) => r.item.type === 'likert' && r.item.scale === scale).reduce((sum, r) => sum + r.counts[i], 0),
      );
      scales.push({ scale, counts, ...summarise(counts) });
    }
    return { ...base, shown: true, scales, items: itemResults };
  }

  /** The results for an export, and the export's audit entry (who exported which survey, never an answer of anyone). */
  async export(actor: AuthUser, cohortSurveyId: string, format: 'csv'): Promise<SurveyResults> {
    const results = await this.results(actor, cohortSurveyId);
    await this.dataSource.transaction((manager) =>
      this.surveysService.record(manager, actor, results.survey, 'survey.exported', null, { format, shown: results.shown }),
    );
    return results;
  }

  /**
   * One template across cohorts and academies: per cohort the reader runs (trainer of it, administrator of its
   * academy, platform administrator) that reached its threshold, the responses, rate and mean per scale.
   */
  async comparison(actor: AuthUser, templateId: string): Promise<SurveyComparison> {
    const template = (await this.surveysService.template(actor, templateId)).template;
    const items = await this.surveys.items(templateId);
    const platform = hasRole(actor, 'platform_admin');
    if (!platform && !actor.academyId) return { template, scales: scalesOf(items), rows: [], belowThreshold: 0 };
    let candidates = await this.surveys.ofTemplate(templateId, platform ? null : actor.academyId);
    if (!platform && !hasRole(actor, 'academy_admin')) {
      // A trainer compares the cohorts they train.
      const runs = await Promise.all(
        candidates.map((c) =>
          this.cohorts.access(actor, c.cohortId).then(
            (a) => a.staff,
            () => false,
          ),
        ),
      );
      candidates = candidates.filter((_, i) => runs[i]);
    }
    const sums = await this.answers.scaleSums(
      templateId,
      candidates.map((c) => c.id),
    );
    const completed = await this.cohorts.completedCounts(candidates.map((c) => c.cohortId));
    const academyCache = new Map<string, ComparisonRow['academy']>();
    const rows: ComparisonRow[] = [];
    for (const survey of candidates) {
      const own = sums.filter((s) => s.cohortSurveyId === survey.id);
      if (!own.length) continue;
      const cohort = await this.cohorts.find(survey.cohortId);
      if (!academyCache.has(survey.academyId)) {
        const academy = await this.academies.get(survey.academyId);
        academyCache.set(survey.academyId, { id: academy.id, code: academy.code, name: academy.name });
      }
      rows.push(this.row(survey, cohort?.name ?? '', academyCache.get(survey.academyId)!, own, completed.get(survey.cohortId) ?? 0, items));
    }
    return { template, scales: scalesOf(items), rows, belowThreshold: candidates.length - rows.length };
  }

  private row(
    survey: CohortSurvey,
    cohortName: string,
    academy: ComparisonRow['academy'],
    sums: ScaleSums[],
    completed: number,
    items: SurveyItem[],
  ): ComparisonRow {
    const responses = sums[0].responses;
    const mean = (n: number, total: number): number | null => (n ? Math.round((100 * total) / n) / 100 : null);
    const scales = scalesOf(items).map((scale) => {
      const s = sums.find((x) => x.scale === scale);
      return { scale, n: s?.n ?? 0, mean: mean(s?.n ?? 0, s?.total ?? 0) };
    });
    const likert = sums.filter((s) => s.scale !== null);
    const n = likert.reduce((sum, s) => sum + s.n, 0);
    const total = likert.reduce((sum, s) => sum + s.total, 0);
    return {
      survey,
      cohortName,
      academy,
      responses,
      completed,
      responseRate: responseRate(responses, completed),
      scales,
      overall: { n, mean: mean(n, total) },
    };
  }
}

/** The scales of a template's Likert items, in the order they first appear. */
export function scalesOf(items: SurveyItem[]): SurveyScale[] {
  return [...new Set(items.filter((i) => i.type === 'likert' && i.scale).map((i) => i.scale as SurveyScale))];
}
