import { Injectable } from '@nestjs/common';
import { CohortsService } from '@probity/cohorts';
import { zonedDate } from '@probity/i18n';
import { AcademiesService } from '@probity/identity';
import {
  BREAKDOWN_CODES,
  type BreakdownValue,
  type IndicatorBreakdown,
  type IndicatorDefinition,
  MEASURE_KINDS,
  MIN_FOLLOW_UP_GROUP,
  type MeasuredValue,
  type Period,
  roundValue,
} from './indicators-model';
import type { ReportMeasures } from './reports-model';
import { IndicatorsRepository } from './repositories/indicators.repository';
import { type ReportPerson, ReportsRepository } from './repositories/reports.repository';
import type { CooperationOutcomeCount } from './repositories/reports.repository';

/** One group's running figures: what its value is made of. */
interface Tally {
  n: number;
  sum: number;
}

/**
 * What an indicator's measure gives for one period (ADR 0010: indicators are rows, not code). The people and knowledge
 * measures are the training report's own statement (`ReportsRepository.training`, with the indicator's country and
 * course as its scope), so that an indicator and the report for the same filters and period never disagree; the
 * satisfaction and follow-up measures read the evaluation context's own answers, each above its threshold.
 */
@Injectable()
export class IndicatorMeasuresService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly indicators: IndicatorsRepository,
    private readonly cohorts: CohortsService,
    private readonly academies: AcademiesService,
  ) {}

  async measure(definition: IndicatorDefinition, period: Period): Promise<MeasuredValue> {
    switch (definition.measure) {
      case 'people_trained':
      case 'people_completed':
      case 'people_certified':
      case 'knowledge_improved_percent':
      case 'mean_normalised_gain':
        return this.fromReport(definition, period);
      case 'mean_satisfaction':
        return this.satisfaction(definition, period);
      case 'applying_at_follow_up_percent':
        return this.applying(definition, period);
      case 'people_trained_or_assisted':
        return this.trainedOrAssisted(definition, period);
      case 'cooperation_joint_investigations':
      case 'cooperation_mla_requests':
      case 'cooperation_extradition_requests':
      case 'cooperation_joint_operations':
      case 'cooperation_information_exchanges':
      case 'cooperation_mous_signed':
        return this.cooperationOutcomes(definition, period);
      case 'manual':
        return { value: null, n: null, breakdown: null };
    }
  }

  /** The training report for the period, its academy, margin, country and course; the measure's figure of each row. */
  private async fromReport(definition: IndicatorDefinition, period: Period): Promise<MeasuredValue> {
    const { breakdown } = definition;
    const report = await this.reports.training(
      { academyId: definition.academyId, from: period.from, to: period.to, margin: definition.margin },
      breakdown ? [breakdown] : [],
      { country: definition.country, courseId: definition.courseId },
    );
    const figures: Partial<Record<IndicatorDefinition['measure'], (m: ReportMeasures) => { value: number | null; n: number }>> = {
      people_trained: (m) => ({ value: m.enrolled, n: m.enrolled }),
      people_completed: (m) => ({ value: m.completed, n: m.completed }),
      people_certified: (m) => ({ value: m.certified, n: m.certified }),
      knowledge_improved_percent: (m) => ({ value: m.knowledgeGain.improvedPercent, n: m.knowledgeGain.learners }),
      mean_normalised_gain: (m) => ({ value: m.knowledgeGain.meanNormalisedGain, n: m.knowledgeGain.learners }),
    };
    const figure = figures[definition.measure]!;
    const total = figure(report.totals);
    if (!breakdown) return { ...total, breakdown: null };
    const counted = MEASURE_KINDS[definition.measure] === 'count';
    const groups = new Map<string | null, BreakdownValue>();
    for (const row of report.breakdowns[breakdown] ?? []) {
      const key = row.key[breakdown] ?? null;
      groups.set(key, { key, ...figure(row) });
    }
    return { ...total, breakdown: ordered(breakdown, groups, (key) => ({ key, value: counted ? 0 : null, n: 0 })) };
  }

  /**
   * People trained or assisted: enrolled in the period, or reached by a mission of the facility whose last day is in
   * it; each person once (one statement over `report_enrolments`, `report_people` and `report_assistance_participants`).
   */
  private async trainedOrAssisted(definition: IndicatorDefinition, period: Period): Promise<MeasuredValue> {
    const by = definition.breakdown;
    const { total, groups } = await this.reports.trainedOrAssisted(
      { academyId: definition.academyId, from: period.from, to: period.to, country: definition.country, courseId: definition.courseId },
      by,
    );
    if (!by) return { value: total, n: total, breakdown: null };
    const found = new Map<string | null, BreakdownValue>(groups.map((g) => [g.key, { key: g.key, value: g.n, n: g.n }]));
    return { value: total, n: total, breakdown: ordered(by, found, (key) => ({ key, value: 0, n: 0 })) };
  }

  /**
   * An outcome count of cooperation initiatives: its sum over the outcome reports of the initiatives whose last day is in
   * the period (`report_cooperation_outcomes`), of the academy's institution and the country asked for; `n` the reports.
   */
  private async cooperationOutcomes(definition: IndicatorDefinition, period: Period): Promise<MeasuredValue> {
    const count = definition.measure.replace(/^cooperation_/, '') as CooperationOutcomeCount;
    const by = definition.breakdown === 'country' ? 'country' : null;
    const { total, groups } = await this.reports.cooperationOutcomes(
      { academyId: definition.academyId, from: period.from, to: period.to, country: definition.country, courseId: definition.courseId },
      count,
      by,
    );
    if (!by) return { value: total.value, n: total.n, breakdown: null };
    const found = new Map<string | null, BreakdownValue>(groups.map((g) => [g.key, { key: g.key, value: g.value, n: g.n }]));
    return { value: total.value, n: total.n, breakdown: ordered(by, found, (key) => ({ key, value: 0, n: 0 })) };
  }

  /**
   * Mean satisfaction: every Likert answer of the surveys over their threshold of cohorts run by the academy (every
   * academy when platform-wide) that ended in the period, in the country and course asked for, weighted alike.
   */
  private async satisfaction(definition: IndicatorDefinition, period: Period): Promise<MeasuredValue> {
    const sums = await this.indicators.satisfaction(definition.academyId);
    const courses = definition.courseId ? await this.reports.cohortCourses(sums.map((s) => s.cohortId)) : new Map<string, string>();
    const countries = new Map<string, string>();
    const total: Tally & { responses: number } = { n: 0, sum: 0, responses: 0 };
    const byCountry = new Map<string | null, Tally & { responses: number }>();
    for (const s of sums) {
      const cohort = await this.cohorts.find(s.cohortId);
      if (!cohort || cohort.endsOn < period.from || cohort.endsOn > period.to) continue;
      if (definition.courseId && courses.get(s.cohortId) !== definition.courseId) continue;
      if (!countries.has(s.academyId)) countries.set(s.academyId, (await this.academies.get(s.academyId)).country);
      const country = countries.get(s.academyId)!;
      if (definition.country && country !== definition.country) continue;
      for (const tally of [total, group(byCountry, country, () => ({ n: 0, sum: 0, responses: 0 }))]) {
        tally.n += s.n;
        tally.sum += s.total;
        tally.responses += s.responses;
      }
    }
    const mean = (t: Tally): number | null => (t.n ? roundValue('score', t.sum / t.n) : null);
    const breakdown =
      definition.breakdown === 'country'
        ? ordered('country', new Map([...byCountry].map(([key, t]) => [key, { key, value: mean(t), n: t.responses }])), (key) => ({
            key,
            value: null,
            n: 0,
          }))
        : null;
    return { value: mean(total), n: total.responses, breakdown };
  }

  /**
   * Applying at follow-up: each learner's most recent answer in the period (on their academy's calendar, counted under
   * their own academy), the percent answering "sometimes" or more often. Fewer than `MIN_FOLLOW_UP_GROUP` learners in
   * the whole or in a group of the breakdown: no value there.
   */
  private async applying(definition: IndicatorDefinition, period: Period): Promise<MeasuredValue> {
    const answers = await this.indicators.applyingAnswers(period.from, period.to);
    const people = await this.reports.people([...new Set(answers.map((a) => a.learnerId))]);
    const courses = definition.courseId
      ? await this.reports.cohortCourses([...new Set(answers.map((a) => a.cohortId))])
      : new Map<string, string>();
    const latest = new Map<string, { at: number; applying: boolean; person: ReportPerson }>();
    for (const answer of answers) {
      const person = people.get(answer.learnerId);
      if (!person) continue;
      if (definition.academyId && person.academyId !== definition.academyId) continue;
      if (definition.country && person.country !== definition.country) continue;
      if (definition.courseId && courses.get(answer.cohortId) !== definition.courseId) continue;
      const day = zonedDate(answer.answeredAt, person.timeZone);
      if (day < period.from || day > period.to) continue;
      const at = answer.answeredAt.getTime();
      const seen = latest.get(answer.learnerId);
      if (!seen || at > seen.at) latest.set(answer.learnerId, { at, applying: answer.applying, person });
    }
    const share = (t: Tally): number | null => (t.n >= MIN_FOLLOW_UP_GROUP ? roundValue('percent', (100 * t.sum) / t.n) : null);
    const total: Tally = { n: 0, sum: 0 };
    const groups = new Map<string | null, Tally>();
    const by = definition.breakdown;
    for (const { applying, person } of latest.values()) {
      const tallies = [total, ...(by ? [group(groups, attribute(person, by), () => ({ n: 0, sum: 0 }))] : [])];
      for (const t of tallies) {
        t.n += 1;
        t.sum += applying ? 1 : 0;
      }
    }
    const breakdown = by
      ? ordered(by, new Map([...groups].map(([key, t]) => [key, { key, value: share(t), n: t.n }])), (key) => ({ key, value: null, n: 0 }))
      : null;
    return { value: share(total), n: total.n, breakdown };
  }
}

function group<K, T>(map: Map<K, T>, key: K, create: () => T): T {
  let found = map.get(key);
  if (!found) map.set(key, (found = create()));
  return found;
}

function attribute(person: ReportPerson, by: IndicatorBreakdown): string | null {
  return by === 'sex' ? person.sex : by === 'agencyType' ? person.agencyType : by === 'function' ? person.function : person.country;
}

/**
 * Groups in a stable order, as the report shows them: a controlled list in its own order with each code present
 * (`empty` where nobody is), then codes not on the list, then "not recorded"; countries by code.
 */
export function ordered(
  by: IndicatorBreakdown,
  groups: Map<string | null, BreakdownValue>,
  empty: (key: string) => BreakdownValue,
): BreakdownValue[] {
  const list = BREAKDOWN_CODES[by];
  const unrecorded = groups.get(null);
  const others = [...groups.values()]
    .filter((g) => g.key !== null && !list?.includes(g.key))
    .sort((a, b) => String(a.key).localeCompare(String(b.key)));
  const listed = (list ?? []).map((code) => groups.get(code) ?? empty(code));
  return [...listed, ...others, ...(unrecorded ? [unrecorded] : [])];
}
