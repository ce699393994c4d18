import { type FieldViolation, LOCALES, type LocaleMap, ValidationFailed, isLocale, translate } from '@probity/i18n';
import type { CreateItemDto } from './dto/assessments.dto';
import type { ItemContent, ItemOption } from './item-model';

const isMap = (value: unknown): value is LocaleMap =>
  Boolean(value) &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  Object.entries(value as object).every(([k, v]) => isLocale(k) && typeof v === 'string');
const optionId = (i: number): string => String.fromCharCode(97 + i);

/** "True" and "False" in every language, for true/false items written through the API. */
function truthOptions(correct: boolean): ItemOption[] {
  const text = (key: 'true' | 'false'): LocaleMap => Object.fromEntries(LOCALES.map((l) => [l, translate(l, `assessments:${key}`)]));
  return [
    { id: 'a', text: text('true'), fraction: correct ? 1 : 0 },
    { id: 'b', text: text('false'), fraction: correct ? 0 : 1 },
  ];
}

/** The API's item body turned into item content, with every rule of its type checked. */
export function contentFromDto(dto: CreateItemDto): ItemContent {
  const problems: FieldViolation[] = [];
  const fail = (field: string, constraint: string, params?: Record<string, unknown>): void =>
    void problems.push({ field, constraint, params });
  const content: ItemContent = { type: dto.type, stem: dto.stem, points: dto.points, tags: dto.tags ?? [] };
  if (dto.name) content.name = dto.name.trim();
  if (dto.explanation) content.explanation = dto.explanation;
  switch (dto.type) {
    case 'single_choice':
    case 'multiple_choice': {
      const options = dto.options ?? [];
      if (options.length < 2 || options.some((o) => !o || !isMap(o.text) || !Object.values(o.text).some((t) => t.trim()))) {
        fail('options', 'choiceOptions');
        break;
      }
      const weighted = options.some((o) => typeof o.fraction === 'number');
      const right = options.filter((o) => (weighted ? (o.fraction ?? 0) > 0 : o.correct === true)).length;
      const wrong = options.length - right;
      if (right === 0 || (dto.type === 'single_choice' && !weighted && right !== 1)) {
        fail('options', dto.type === 'single_choice' ? 'oneCorrect' : 'someCorrect');
        break;
      }
      content.options = options.map((o, i) => ({
        id: optionId(i),
        text: o.text,
        fraction: weighted
          ? Math.max(-1, Math.min(1, Number(o.fraction ?? 0)))
          : o.correct
            ? dto.type === 'single_choice'
              ? 1
              : 1 / right
            : dto.type === 'single_choice'
              ? 0
              : -1 / Math.max(1, wrong),
        ...(o.feedback && isMap(o.feedback) ? { feedback: o.feedback } : {}),
      }));
      break;
    }
    case 'true_false':
      if (typeof dto.answer !== 'boolean') fail('answer', 'isBoolean');
      else content.options = truthOptions(dto.answer);
      break;
    case 'numeric': {
      const answer =
        typeof dto.answer === 'number' ? { value: dto.answer } : (dto.answer as { value?: unknown; tolerance?: unknown } | undefined);
      const value = Number(answer?.value);
      const tolerance = Number(answer?.tolerance ?? 0);
      if (!answer || !Number.isFinite(value) || !Number.isFinite(tolerance) || tolerance < 0) fail('answer', 'numericAnswer');
      else content.numeric = [{ value, tolerance, fraction: 1 }];
      break;
    }
    case 'short_text': {
      const list = Array.isArray(dto.answer) ? dto.answer : typeof dto.answer === 'string' ? [dto.answer] : [];
      const accepted = list.filter((a): a is string => typeof a === 'string' && a.trim() !== '');
      if (!accepted.length) fail('answer', 'acceptedAnswers');
      else content.accepted = accepted.map((text) => ({ text: text.trim(), fraction: 1 }));
      content.caseSensitive = dto.caseSensitive ?? false;
      content.ignoreDiacritics = dto.ignoreDiacritics ?? true;
      break;
    }
    case 'essay': {
      if (dto.rubric !== undefined) {
        const ok = dto.rubric.every(
          (c) =>
            c &&
            isMap(c.criterion) &&
            Array.isArray(c.levels) &&
            c.levels.length > 0 &&
            c.levels.every((l) => l && Number.isFinite(l.points) && l.points >= 0 && isMap(l.descriptor)),
        );
        if (!ok) fail('rubric', 'rubric');
        else {
          content.rubric = dto.rubric;
          const max = content.rubric.reduce((sum, c) => sum + Math.max(...c.levels.map((l) => l.points)), 0);
          if (Math.abs(max - dto.points) > 1e-9) fail('points', 'rubricTotal', { count: max });
        }
      }
      break;
    }
  }
  if (problems.length) throw new ValidationFailed(problems);
  return content;
}

/** Content an import produced, checked against the same rules as the API (answers present, points sensible). */
export function checkImported(content: ItemContent): string | undefined {
  if (!Object.values(content.stem).some((t) => t?.trim())) return 'empty_stem';
  if (!(content.points >= 0)) return 'bad_points';
  if (
    (content.type === 'single_choice' || content.type === 'multiple_choice' || content.type === 'true_false') &&
    !(content.options ?? []).some((o) => o.fraction > 0)
  ) {
    return 'no_correct_option';
  }
  if (content.type === 'numeric' && !(content.numeric ?? []).length) return 'no_numeric_answer';
  if (content.type === 'short_text' && !(content.accepted ?? []).length) return 'no_accepted_answer';
  return undefined;
}
