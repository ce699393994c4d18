import { Injectable } from '@nestjs/common';
import type { Cohort } from '@probity/cohorts';
import type { AuthUser } from '@probity/identity';
import type { FollowUpWave } from './entities/follow-up-wave.entity';
import type { SurveyTemplate } from './entities/survey-template.entity';
import { APPLYING_FROM, FREQUENCY_VALUES, type FollowUpItem, RESPONDENTS, type Respondent, answeredRate } from './follow-up-model';
import { FollowUpsService } from './follow-ups.service';
import { FollowUpsRepository } from './repositories/follow-ups.repository';

export interface FollowUpItemResult {
  item: FollowUpItem;
  /** How many answered this question. */
  n: number;
  /** frequency: answers per step 1–5; choices: per option 1…n (multi choice: each option ticked). */
  counts: number[];
  /** count items: the cases of everyone together, and per person (two decimals). */
  sum: number | null;
  mean: number | null;
  /** Open questions: the answers, without their authors, in a random order. */
  answers: string[];
}

/** One kind of respondent of a wave. Under the threshold (`shown` false) only the counts: nothing of the answers. */
export interface RespondentResults {
  respondent: Respondent;
  invited: number;
  answered: number;
  /** Answered of invited, percent (one decimal). */
  responseRate: number | null;
  shown: boolean;
  /** Of those who said how often, the percent applying it at least sometimes (null: hidden or nobody said). */
  applyingPercent: number | null;
  items: FollowUpItemResult[];
}

export interface FollowUpResults {
  wave: FollowUpWave;
  cohort: Cohort;
  templates: Record<Respondent, SurveyTemplate | undefined>;
  respondents: RespondentResults[];
}

/**
 * A wave's results for the cohort's staff, only in aggregate (ADR 0010): response rates per kind of respondent, and
 * once at least `min_responses` of that kind answered, the distribution of "how often", the cases (sum and mean),
 * the choices and the open answers without names. Every statement that reads answers carries the threshold itself.
 */
@Injectable()
export class FollowUpResultsService {
  constructor(
    private readonly followUps: FollowUpsRepository,
    private readonly service: FollowUpsService,
  ) {}

  async results(actor: AuthUser, waveId: string): Promise<FollowUpResults> {
    const { wave, cohort } = await this.service.staffWave(actor, waveId);
    const counts = await this.followUps.counts([wave.id]);
    const templates = await this.followUps.templates([wave.learnerTemplateId, wave.supervisorTemplateId]);
    const respondents: RespondentResults[] = [];
    for (const respondent of RESPONDENTS) {
      const c = counts.find((x) => x.respondent === respondent);
      const invited = c?.invited ?? 0;
      const answered = c?.answered ?? 0;
      const base = { respondent, invited, answered, responseRate: answeredRate(answered, invited) };
      if (answered < wave.minResponses) {
        respondents.push({ ...base, shown: false, applyingPercent: null, items: [] });
        continue;
      }
      const items = await this.followUps.items(respondent === 'learner' ? wave.learnerTemplateId : wave.supervisorTemplateId);
      const [answeredItems, distribution, sums, open] = await Promise.all([
        this.followUps.itemCounts(wave.id, respondent),
        this.followUps.distribution(wave.id, respondent),
        this.followUps.caseSums(wave.id, respondent),
        this.followUps.openAnswers(wave.id, respondent),
      ]);
      // The statements found the threshold reached too (each checks it): nothing else decides what is shown.
      const itemResults = items.map((item): FollowUpItemResult => {
        const size =
          item.type === 'frequency'
            ? FREQUENCY_VALUES.length
            : item.type === 'count' || item.type === 'open_text'
              ? 0
              : (item.options?.length ?? 0);
        const counted = Array.from(
          { length: size },
          (_, i) => distribution.find((d) => d.itemId === item.id && d.value === i + 1)?.count ?? 0,
        );
        const texts = open.filter((o) => o.itemId === item.id).map((o) => o.text);
        const s = sums.find((x) => x.itemId === item.id);
        return {
          item,
          n: answeredItems.find((x) => x.itemId === item.id)?.n ?? 0,
          counts: counted,
          sum: item.type === 'count' ? (s?.sum ?? 0) : null,
          mean: item.type === 'count' ? (s?.n ? Math.round((100 * s.sum) / s.n) / 100 : null) : null,
          answers: texts,
        };
      });
      const frequency = itemResults.find((r) => r.item.type === 'frequency');
      const said = frequency ? frequency.counts.reduce((a, b) => a + b, 0) : 0;
      const applying = frequency ? frequency.counts.slice(APPLYING_FROM - 1).reduce((a, b) => a + b, 0) : 0;
      respondents.push({
        ...base,
        shown: true,
        applyingPercent: said ? Math.round((1000 * applying) / said) / 10 : null,
        items: itemResults,
      });
    }
    const byId = (id: string) => templates.find((t) => t.id === id);
    return { wave, cohort, templates: { learner: byId(wave.learnerTemplateId), supervisor: byId(wave.supervisorTemplateId) }, respondents };
  }
}
