import type { ItemContent, RubricCriterion } from '@probity/assessments';
import type { Locale, LocaleMap } from '@probity/i18n';
import { formText } from './page';

type Body = Record<string, unknown>;

/**
 * The bank's question form, written in one language: options one a line (`*` marks a right one),
 * accepted short answers one a line, and an essay's rubric one criterion a line
 * ("Criterion: 0 = none; 2 = partly; 4 = fully").
 */
export function itemDtoFromForm(body: Body, locale: Locale): Record<string, unknown> {
  const text = (key: string): string => formText(body, key);
  const type = text('type');
  const lines = text('options')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const dto: Record<string, unknown> = {
    type,
    stem: text('stem') ? { [locale]: text('stem') } : {},
    points: Number(text('points') || '1'),
  };
  if (type === 'single_choice' || type === 'multiple_choice')
    dto.options = lines.map((l) => ({ text: { [locale]: l.replace(/^\*\s*/, '') }, correct: l.startsWith('*') }));
  if (type === 'true_false') dto.answer = text('answer').toLowerCase() !== 'false';
  if (type === 'numeric')
    dto.answer = { value: Number(text('answer').replace(',', '.')), tolerance: Number(text('tolerance').replace(',', '.') || '0') };
  if (type === 'short_text') dto.answer = lines.length ? lines : [text('answer')].filter(Boolean);
  if (type === 'essay' && lines.length) {
    const rubric = lines.map((line) => rubricLine(line, locale));
    dto.rubric = rubric;
    dto.points = rubric.reduce((sum, c) => sum + Math.max(0, ...c.levels.map((l) => l.points)), 0);
  }
  if (text('explanation')) dto.explanation = { [locale]: text('explanation') };
  return dto;
}

function rubricLine(line: string, locale: Locale): RubricCriterion {
  const [criterion, levels = ''] = line.split(/:(.*)/s);
  return {
    criterion: { [locale]: criterion.trim() },
    levels: levels
      .split(';')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const [points, descriptor = ''] = l.split(/=(.*)/s);
        return { points: Number(points.trim()), descriptor: { [locale]: descriptor.trim() || points.trim() } };
      }),
  };
}

const inLocale = (map: LocaleMap | undefined, locale: Locale): string => map?.[locale] ?? '';

/** The form filled from an item's current revision, in the language being edited. */
export function formFromContent(content: ItemContent, locale: Locale): Body {
  const form: Body = {
    type: content.type,
    stem: inLocale(content.stem, locale),
    points: String(content.points),
    explanation: inLocale(content.explanation, locale),
  };
  switch (content.type) {
    case 'single_choice':
    case 'multiple_choice':
      form.options = (content.options ?? []).map((o) => `${o.fraction > 0 ? '* ' : ''}${inLocale(o.text, locale)}`).join('\n');
      break;
    case 'true_false':
      form.answer = content.options?.find((o) => o.fraction > 0)?.id === 'false' ? 'false' : 'true';
      break;
    case 'numeric':
      form.answer = String(content.numeric?.[0]?.value ?? '');
      form.tolerance = String(content.numeric?.[0]?.tolerance ?? 0);
      break;
    case 'short_text':
      form.options = (content.accepted ?? []).map((a) => a.text).join('\n');
      break;
    case 'essay':
      form.options = (content.rubric ?? [])
        .map(
          (c) => `${inLocale(c.criterion, locale)}: ${c.levels.map((l) => `${l.points} = ${inLocale(l.descriptor, locale)}`).join('; ')}`,
        )
        .join('\n');
      break;
  }
  return form;
}

const merged = (before: LocaleMap | undefined, after: LocaleMap | undefined): LocaleMap | undefined =>
  before || after ? { ...before, ...after } : undefined;

/**
 * An edit made in one language keeps the other languages' translations where the shape is
 * unchanged (same number of options or rubric criteria and levels), the weights of imported
 * options when the right answers stay the same, the title and tags.
 */
export function mergeEdit(previous: ItemContent, dto: Record<string, unknown>): Record<string, unknown> {
  if (dto.type !== previous.type) return dto;
  const next: Record<string, unknown> = { ...dto, ...(previous.name ? { name: previous.name } : {}), tags: previous.tags ?? [] };
  next.stem = merged(previous.stem, dto.stem as LocaleMap);
  if (dto.explanation || previous.explanation) next.explanation = merged(previous.explanation, dto.explanation as LocaleMap | undefined);
  const options = dto.options as { text: LocaleMap; correct: boolean }[] | undefined;
  const before = previous.options ?? [];
  if (options && options.length === before.length) {
    const sameRight = options.every((o, i) => o.correct === before[i].fraction > 0);
    next.options = options.map((o, i) => ({
      text: merged(before[i].text, o.text),
      ...(sameRight ? { fraction: before[i].fraction } : { correct: o.correct }),
      ...(before[i].feedback ? { feedback: before[i].feedback } : {}),
    }));
  }
  const rubric = dto.rubric as RubricCriterion[] | undefined;
  const old = previous.rubric ?? [];
  if (rubric && rubric.length === old.length && rubric.every((c, i) => c.levels.length === old[i].levels.length))
    next.rubric = rubric.map((c, i) => ({
      criterion: merged(old[i].criterion, c.criterion),
      levels: c.levels.map((l, j) => ({ points: l.points, descriptor: merged(old[i].levels[j].descriptor, l.descriptor) })),
    }));
  if (dto.type === 'short_text') {
    next.caseSensitive = previous.caseSensitive;
    next.ignoreDiacritics = previous.ignoreDiacritics;
  }
  return next;
}
