import type { LocaleMap } from '@probity/i18n';

export const ITEM_TYPES = ['single_choice', 'multiple_choice', 'true_false', 'numeric', 'short_text', 'essay'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** A choice of a choice or true/false item. `fraction` is the share of the points it is worth, -1..1 (Moodle's fraction / 100). */
export interface ItemOption {
  id: string;
  text: LocaleMap;
  fraction: number;
  feedback?: LocaleMap;
}

/** An accepted number: `value ± tolerance` earns `fraction` of the points. */
export interface NumericAnswer {
  value: number;
  tolerance: number;
  fraction: number;
  feedback?: LocaleMap;
}

/** An accepted short answer (compared case-insensitively and, if asked, without diacritics). */
export interface TextAnswer {
  text: string;
  fraction: number;
  feedback?: LocaleMap;
}

export interface RubricLevel {
  points: number;
  descriptor: LocaleMap;
}

export interface RubricCriterion {
  criterion: LocaleMap;
  levels: RubricLevel[];
}

/**
 * The content of a question item, independent of where it is stored: what a revision freezes,
 * what Moodle XML and GIFT import into and export from.
 */
export interface ItemContent {
  type: ItemType;
  /** A short title (Moodle's <name>, GIFT's ::title::). */
  name?: string;
  stem: LocaleMap;
  points: number;
  options?: ItemOption[];
  numeric?: NumericAnswer[];
  accepted?: TextAnswer[];
  /** short_text: compare with case (default false). */
  caseSensitive?: boolean;
  /** short_text: ignore accents and other diacritics (default true). */
  ignoreDiacritics?: boolean;
  /** Shown after release: why the right answer is right. */
  explanation?: LocaleMap;
  /** essay: graded by hand against this rubric. */
  rubric?: RubricCriterion[];
  tags?: string[];
}
