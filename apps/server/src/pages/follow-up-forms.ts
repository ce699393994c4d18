import {
  FOLLOW_UP_LIMITS,
  FREQUENCY_VALUES,
  type FollowUpAnswerInput,
  type FollowUpForm,
  type FollowUpItem,
  type FollowUpResults,
} from '@probity/evaluation';
import { type FieldViolation, type Locale, type LocaleMap, pick, translate } from '@probity/i18n';
import { violationMessage } from '../http/errors';
import { asList } from './page';

type Body = Record<string, unknown>;

/**
 * What a follow-up form sent: per question `q:<item id>` (one value, or several ticked boxes), as the answers the
 * service takes and as the values to show again beside an error.
 */
export function formAnswers(items: FollowUpItem[], body: Body): { values: Record<string, string[]>; answers: FollowUpAnswerInput[] } {
  const values: Record<string, string[]> = {};
  const answers: FollowUpAnswerInput[] = [];
  for (const item of items) {
    const given = asList(body[`q:${item.id}`])
      .map((v) => v.replace(/\r\n/g, '\n').trim())
      .filter(Boolean);
    if (!given.length) continue;
    values[item.id] = given;
    if (item.type === 'open_text') answers.push({ itemId: item.id, text: given.join('\n') });
    else if (item.type === 'multi_choice') answers.push({ itemId: item.id, values: given.map(Number) });
    else answers.push({ itemId: item.id, value: Number(given[0]) });
  }
  return { values, answers };
}

/** The questions of a form in the page's language, with what was ticked or typed and each question's error. */
export function answerModel(
  form: FollowUpForm,
  locale: Locale,
  model: { values?: Record<string, string[]>; errors?: Record<string, string>; message?: string },
): Record<string, unknown> {
  const text = (map: LocaleMap): string => pick(map, locale, form.cohort.locale as Locale).text;
  const values = model.values ?? {};
  const errors = model.errors ?? {};
  const frequency = FREQUENCY_VALUES.map((v) => translate(locale, `followups:frequency.${v}`));
  return {
    title: text(form.template.title),
    intro: text(form.template.intro),
    course: text(form.courseTitle),
    learnerName: form.learnerName,
    status: form.status,
    showForm: form.status === 'open',
    expiresAt: form.invitation.expiresAt,
    message: model.message,
    errorCount: Object.keys(errors).length,
    limits: FOLLOW_UP_LIMITS,
    items: form.items.map((item, i) => {
      const given = values[item.id] ?? [];
      const labels = item.type === 'frequency' ? frequency : (item.options ?? []).map((o) => text(o.text));
      return {
        id: item.id,
        number: i + 1,
        text: text(item.text),
        required: item.required,
        frequency: item.type === 'frequency',
        count: item.type === 'count',
        single: item.type === 'single_choice',
        multi: item.type === 'multi_choice',
        open: item.type === 'open_text',
        value: given.join('\n'),
        error: errors[item.id],
        options: labels.map((label, n) => ({ value: n + 1, label, checked: given.includes(String(n + 1)) })),
      };
    }),
  };
}

/** Each problem beside its question: `answers.<itemId>` from the service, `answers.<index>.<field>` from the DTO. */
export function itemErrors(violations: FieldViolation[], answers: FollowUpAnswerInput[], locale: Locale): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const v of violations) {
    const [, key] = v.field.split('.');
    const itemId = /^\d+$/.test(key ?? '') ? answers[Number(key)]?.itemId : key;
    if (!itemId) continue;
    const message = violationMessage(locale, { ...v, field: 'answer' });
    errors[itemId] = errors[itemId] ? `${errors[itemId]} ${message}` : message;
  }
  return errors;
}

/** A wave's results page: per kind of respondent, the counts, and once shown the answers in aggregate. */
export function resultsModel(results: FollowUpResults, locale: Locale): Record<string, unknown> {
  const text = (map: LocaleMap): string => pick(map, locale, results.cohort.locale as Locale).text;
  const frequency = FREQUENCY_VALUES.map((v) => translate(locale, `followups:frequency.${v}`));
  const bars = (counts: number[], labels: string[], of: number) =>
    counts.map((count, i) => ({ label: labels[i] ?? String(i + 1), count, percent: of ? Math.round((100 * count) / of) : 0 }));
  return {
    wave: results.wave,
    cohort: results.cohort,
    respondents: results.respondents.map((r) => ({
      respondent: r.respondent,
      heading: translate(locale, `followups:respondents.${r.respondent}`),
      title: results.templates[r.respondent] ? text(results.templates[r.respondent]!.title) : '',
      invited: r.invited,
      answered: r.answered,
      rate: r.responseRate ?? 0,
      shown: r.shown,
      applying: r.applyingPercent,
      hasApplying: r.applyingPercent !== null,
      items: r.items.map((i, index) => ({
        number: index + 1,
        text: text(i.item.text),
        n: i.n,
        open: i.item.type === 'open_text',
        count: i.item.type === 'count',
        multi: i.item.type === 'multi_choice',
        sum: i.sum,
        mean: i.mean,
        answers: i.answers,
        bars: bars(i.counts, i.item.type === 'frequency' ? frequency : (i.item.options ?? []).map((o) => text(o.text)), i.n),
      })),
    })),
  };
}
