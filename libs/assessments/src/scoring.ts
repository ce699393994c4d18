import type { ItemContent } from './item-model';

/** What a learner answered to one item. */
export interface ResponseValue {
  optionIds?: string[];
  text?: string;
  value?: number;
}

export interface Score {
  /** Points earned (never negative); undefined for an essay, which a trainer grades. */
  points?: number;
  maxPoints: number;
  /** The share of the points (0..1) the answer earned. */
  fraction?: number;
  /** Feedback of the chosen options / matched answer, shown after release. */
  feedbackOptionIds?: string[];
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

/** Text as compared for short answers: trimmed, single spaces, lower-case unless asked, without diacritics if asked. */
export function normaliseAnswer(text: string, caseSensitive = false, ignoreDiacritics = true): string {
  let out = text.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (!caseSensitive) out = out.toLocaleLowerCase('und');
  if (ignoreDiacritics) out = out.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
  return out;
}

/**
 * Scores one response automatically. Single choice and true/false: the chosen option's fraction.
 * Multiple choice: right picks minus wrong picks over the right options, floored at 0. Numeric:
 * the best accepted value within its tolerance. Short text: the best accepted answer. Essay: none.
 */
export function scoreResponse(item: ItemContent, response: ResponseValue | undefined): Score {
  const maxPoints = item.points;
  const earned = (fraction: number, feedbackOptionIds?: string[]): Score => {
    const f = Math.max(0, Math.min(1, fraction));
    return { points: round(maxPoints * f), maxPoints, fraction: round(f), feedbackOptionIds };
  };
  switch (item.type) {
    case 'essay':
      return { maxPoints };
    case 'single_choice':
    case 'true_false': {
      const chosen = response?.optionIds ?? [];
      if (chosen.length !== 1) return earned(0, chosen);
      const option = item.options?.find((o) => o.id === chosen[0]);
      return earned(option ? Math.max(0, option.fraction) : 0, chosen);
    }
    case 'multiple_choice': {
      const options = item.options ?? [];
      const chosen = new Set(response?.optionIds ?? []);
      const right = options.filter((o) => o.fraction > 0);
      if (!right.length) return earned(0, [...chosen]);
      const rightPicked = right.filter((o) => chosen.has(o.id)).length;
      const wrongPicked = options.filter((o) => o.fraction <= 0 && chosen.has(o.id)).length;
      return earned((rightPicked - wrongPicked) / right.length, [...chosen]);
    }
    case 'numeric': {
      const value = response?.value;
      if (typeof value !== 'number' || !Number.isFinite(value)) return earned(0);
      const best = Math.max(
        0,
        ...(item.numeric ?? []).filter((a) => Math.abs(value - a.value) <= a.tolerance + 1e-9).map((a) => a.fraction),
      );
      return earned(best);
    }
    case 'short_text': {
      const text = response?.text;
      if (typeof text !== 'string' || !text.trim()) return earned(0);
      const given = normaliseAnswer(text, item.caseSensitive, item.ignoreDiacritics ?? true);
      const best = Math.max(
        0,
        ...(item.accepted ?? [])
          .filter((a) => normaliseAnswer(a.text, item.caseSensitive, item.ignoreDiacritics ?? true) === given)
          .map((a) => a.fraction),
      );
      return earned(best);
    }
  }
}

/** The points of an essay graded with a rubric: the sum of the chosen level of each criterion. */
export function rubricPoints(item: ItemContent, levels: number[]): number {
  const rubric = item.rubric ?? [];
  if (levels.length !== rubric.length) throw new RangeError('one level per criterion');
  return levels.reduce((sum, level, i) => {
    const chosen = rubric[i].levels[level];
    if (!chosen) throw new RangeError(`criterion ${i + 1} has no level ${level}`);
    return sum + chosen.points;
  }, 0);
}
