/** Knowledge gain and item analysis: pure statistics over graded attempts. */

export interface Gain {
  pre: number;
  post: number;
  gain: number;
  /** (post − pre) / (100 − pre): the share of what could be gained that was gained; undefined when pre is 100. */
  normalisedGain?: number;
}

export function gain(pre: number, post: number): Gain {
  const g: Gain = { pre, post, gain: round(post - pre) };
  if (pre < 100) g.normalisedGain = round((post - pre) / (100 - pre));
  return g;
}

/** Mean gain and mean normalised gain over the learners who sat both tests. */
export function cohortGain(gains: Gain[]): {
  learners: number;
  meanPre?: number;
  meanPost?: number;
  meanGain?: number;
  meanNormalisedGain?: number;
} {
  if (!gains.length) return { learners: 0 };
  const normalised = gains.filter((g) => g.normalisedGain !== undefined).map((g) => g.normalisedGain!);
  return {
    learners: gains.length,
    meanPre: round(mean(gains.map((g) => g.pre))),
    meanPost: round(mean(gains.map((g) => g.post))),
    meanGain: round(mean(gains.map((g) => g.gain))),
    meanNormalisedGain: normalised.length ? round(mean(normalised)) : undefined,
  };
}

export interface ItemAnalysis {
  itemId: string;
  responses: number;
  /** Mean share of the item's points earned (p-value). */
  facility: number;
  /** Point-biserial (item-rest) correlation: does the item separate strong from weak candidates? */
  discrimination: number | null;
  /** How often each option was chosen (choice items). */
  options?: Record<string, number>;
  flags: ('too_hard' | 'too_easy' | 'low_discrimination')[];
}

/** One candidate's scored answers: per item, the share of its points earned and the options chosen. */
export interface ScoredAttempt {
  items: Record<string, { fraction: number; optionIds?: string[] }>;
}

export function analyseItems(itemIds: string[], attempts: ScoredAttempt[]): ItemAnalysis[] {
  return itemIds.map((itemId) => {
    const answered = attempts.filter((a) => a.items[itemId] !== undefined);
    const item = answered.map((a) => a.items[itemId].fraction);
    const rest = answered.map((a) =>
      sum(
        Object.entries(a.items)
          .filter(([id]) => id !== itemId)
          .map(([, v]) => v.fraction),
      ),
    );
    const facility = answered.length ? round(mean(item)) : 0;
    const discrimination = correlation(item, rest);
    const chosen = answered.flatMap((a) => a.items[itemId].optionIds ?? []);
    const flags: ItemAnalysis['flags'] = [];
    if (answered.length) {
      if (facility < 0.2) flags.push('too_hard');
      if (facility > 0.95) flags.push('too_easy');
      if (discrimination === null || discrimination < 0.1) flags.push('low_discrimination');
    }
    return {
      itemId,
      responses: answered.length,
      facility,
      discrimination,
      ...(chosen.length || answered.some((a) => a.items[itemId].optionIds) ? { options: count(chosen) } : {}),
      flags,
    };
  });
}

/** Pearson correlation (the point-biserial when one variable is 0/1); null when either does not vary. */
export function correlation(x: number[], y: number[]): number | null {
  if (x.length < 2 || x.length !== y.length) return null;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return null;
  return round(sxy / Math.sqrt(sxx * syy));
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
const mean = (values: number[]): number => sum(values) / values.length;
const round = (n: number): number => Math.round(n * 1000) / 1000;
const count = (values: string[]): Record<string, number> =>
  values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
