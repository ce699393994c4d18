import { type FieldViolation, LANGUAGE_NAMES, LOCALES, type Locale, type LocaleMap, direction, pick, translate } from '@probity/i18n';
import { LIKERT_VALUES, SURVEY_ITEM_TYPES, SURVEY_LIMITS, SURVEY_SCALES, type SurveyItem, type SurveyItemType } from '@probity/evaluation';
import { violationMessage } from '../http/errors';
import { formText } from './page';

type Body = Record<string, unknown>;

/** A text in each language as typed into the form (empty strings kept, so the form shows what was typed). */
export type Texts = Partial<Record<Locale, string>>;

/** One question of the template editor as the form holds it, before the DTO checks it. */
export interface ItemState {
  type: string;
  scale: string;
  text: Texts;
  options: Texts[];
  required: boolean;
}

/** The template editor's form: the title and introduction per language, the questions in order. */
export interface TemplateFormState {
  title: Texts;
  intro: Texts;
  items: ItemState[];
}

/**
 * What a button of the editor asks for. Every button submits the whole form (so nothing typed is lost) with
 * `action` set: `save` (also the default, when Enter is pressed in a field), `add:<type>`, `remove:<i>`, `up:<i>`,
 * `down:<i>`, `retype:<i>` (show the fields of the type chosen), `add-option:<i>`, `remove-option:<i>:<j>`.
 */
export type EditorAction =
  | { kind: 'save' }
  | { kind: 'add'; type: SurveyItemType }
  | { kind: 'remove' | 'up' | 'down' | 'retype' | 'add_option'; item: number }
  | { kind: 'remove_option'; item: number; option: number };

/** How many questions and options are read from one form at most: the DTO refuses more than its limits; this bounds the work. */
const READ_CAP = 200;

/** Single-choice questions start with (and keep at least) this many option rows. */
const MIN_OPTION_ROWS = 2;

function textsOf(body: Body, prefix: string): Texts {
  const texts: Texts = {};
  for (const lng of LOCALES) texts[lng] = formText(body, `${prefix}.${lng}`);
  return texts;
}

/** Only the languages written in, as the DTO takes them. */
export function localeMap(texts: Texts): LocaleMap {
  const map: LocaleMap = {};
  for (const lng of LOCALES) {
    const text = texts[lng]?.trim();
    if (text) map[lng] = text;
  }
  return map;
}

export function newItem(type: SurveyItemType): ItemState {
  return {
    type,
    scale: '',
    text: {},
    options: type === 'single_choice' ? Array.from({ length: MIN_OPTION_ROWS }, () => ({})) : [],
    required: type !== 'open_text',
  };
}

/** A new template's form: one statement to agree with, so the shape of a question is visible from the start. */
export function emptyForm(): TemplateFormState {
  return { title: {}, intro: {}, items: [newItem('likert')] };
}

/** The form's fields, named after the DTO's paths (`title.ka`, `items.2.options.1.text.ur`, `items.0.required`). */
export function parseTemplateForm(body: Body): TemplateFormState {
  const items: ItemState[] = [];
  for (let i = 0; i < READ_CAP && typeof body[`items.${i}.type`] === 'string'; i++) {
    const options: Texts[] = [];
    for (let j = 0; j < READ_CAP && LOCALES.some((l) => typeof body[`items.${i}.options.${j}.text.${l}`] === 'string'); j++)
      options.push(textsOf(body, `items.${i}.options.${j}.text`));
    items.push({
      type: formText(body, `items.${i}.type`),
      scale: formText(body, `items.${i}.scale`),
      text: textsOf(body, `items.${i}.text`),
      options,
      required: body[`items.${i}.required`] === 'on',
    });
  }
  return { title: textsOf(body, 'title'), intro: textsOf(body, 'intro'), items };
}

/**
 * The body the API takes (`SurveyTemplateDto`), from the form: a scale is sent for Likert statements and options
 * for single-choice questions only, since the form shows those fields only for them (a type changed without
 * pressing "apply" still sends what its new type needs).
 */
export function templateDto(state: TemplateFormState): Record<string, unknown> {
  return {
    title: localeMap(state.title),
    intro: localeMap(state.intro),
    items: state.items.map((item) => ({
      type: item.type,
      ...(item.type === 'likert' && item.scale ? { scale: item.scale } : {}),
      text: localeMap(item.text),
      ...(item.type === 'single_choice' ? { options: item.options.map((o) => ({ text: localeMap(o) })) } : {}),
      required: item.required,
    })),
  };
}

/** The form filled from a stored template. */
export function formFromTemplate(template: { title: LocaleMap; intro: LocaleMap }, items: SurveyItem[]): TemplateFormState {
  return {
    title: { ...template.title },
    intro: { ...template.intro },
    items: items.map((item) => ({
      type: item.type,
      scale: item.scale ?? '',
      text: { ...item.text },
      options: (item.options ?? []).map((o) => ({ ...o.text })),
      required: item.required,
    })),
  };
}

export function parseAction(value: unknown): EditorAction {
  const raw = typeof value === 'string' ? value : '';
  const [kind, a, b] = raw.split(':');
  const n = (s: string | undefined): number | undefined => (s !== undefined && /^\d{1,4}$/.test(s) ? Number(s) : undefined);
  const item = n(a);
  if (kind === 'add' && (SURVEY_ITEM_TYPES as readonly string[]).includes(a ?? '')) return { kind: 'add', type: a as SurveyItemType };
  if (item !== undefined) {
    if (kind === 'remove' || kind === 'up' || kind === 'down' || kind === 'retype') return { kind, item };
    if (kind === 'add-option') return { kind: 'add_option', item };
    const option = n(b);
    if (kind === 'remove-option' && option !== undefined) return { kind: 'remove_option', item, option };
  }
  return { kind: 'save' };
}

/** The form after a button other than "save": a question added, removed or moved, an option added or removed. */
export function applyAction(state: TemplateFormState, action: Exclude<EditorAction, { kind: 'save' }>): TemplateFormState {
  const items = state.items.map((item) => ({ ...item, options: [...item.options] }));
  if (action.kind === 'add') {
    if (items.length < SURVEY_LIMITS.items) items.push(newItem(action.type));
    return { ...state, items };
  }
  const i = action.item;
  const item = items[i];
  if (!item) return { ...state, items };
  switch (action.kind) {
    case 'remove':
      items.splice(i, 1);
      break;
    case 'up':
      if (i > 0) [items[i - 1], items[i]] = [items[i], items[i - 1]];
      break;
    case 'down':
      if (i < items.length - 1) [items[i + 1], items[i]] = [items[i], items[i + 1]];
      break;
    case 'retype':
      break;
    case 'add_option':
      if (item.options.length < SURVEY_LIMITS.options) item.options.push({});
      break;
    case 'remove_option':
      if (action.option < item.options.length) item.options.splice(action.option, 1);
      break;
  }
  return { ...state, items };
}

// ---- errors -----------------------------------------------------------------------------------------------

/** A violation's field as its label in the `fields` catalogue: the message sits beside the field it names. */
function labelOf(field: string): string {
  if (/^items\.\d+\.text$/.test(field)) return 'stem';
  if (/^items\.\d+\.options(\.\d+\.text)?$/.test(field)) return 'options';
  const last = /^items\.\d+\.(\w+)$/.exec(field)?.[1];
  return last ?? field;
}

/**
 * The problems of a refused template, keyed by the DTO's path (`title`, `items.2.options`,
 * `items.2.options.0.text`), each phrased in the page's language with the field's own label.
 */
export function templateErrors(locale: Locale, violations: FieldViolation[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const v of violations) {
    const message = violationMessage(locale, { ...v, field: labelOf(v.field) });
    errors[v.field] = errors[v.field] ? `${errors[v.field]} ${message}` : message;
  }
  return errors;
}

// ---- what the pages show ------------------------------------------------------------------------------------

/** The six languages, the author's first: each text of the editor is written once per language. */
export function languageOrder(first: Locale): Locale[] {
  return [first, ...LOCALES.filter((l) => l !== first)];
}

const idOf = (path: string): string => path.replace(/\./g, '-');

/** One language's input of a text: its label is the language's own name. */
interface LanguageField {
  lng: Locale;
  language: string;
  dir: 'ltr' | 'rtl';
  id: string;
  field: string;
  value: string;
}

function languageFields(path: string, texts: Texts, order: Locale[]): LanguageField[] {
  return order.map((lng) => ({
    lng,
    language: LANGUAGE_NAMES[lng],
    dir: direction(lng),
    id: idOf(`${path}.${lng}`),
    field: `${path}.${lng}`,
    value: texts[lng] ?? '',
  }));
}

/**
 * The editor's view model: every field with its value, its error beside it (and `aria-describedby` to it), the
 * buttons with the place each returns to (`formaction` with a fragment, so the page comes back where the person was).
 */
export function editorModel(
  state: TemplateFormState,
  errors: Record<string, string>,
  locale: Locale,
  action: string,
): Record<string, unknown> {
  const order = languageOrder(locale);
  const shown = new Set<string>();
  const error = (path: string): string | undefined => {
    if (errors[path] === undefined) return undefined;
    shown.add(path);
    return errors[path];
  };
  const go = (fragment: string): string => `${action}#${fragment}`;
  const count = state.items.length;
  const items = state.items.map((item, i) => {
    const path = `items.${i}`;
    const choice = item.type === 'single_choice';
    const options = choice && item.options.length === 0 ? Array.from({ length: MIN_OPTION_ROWS }, () => ({})) : item.options;
    return {
      index: i,
      number: i + 1,
      id: `item-${i}`,
      path,
      invalid: Object.keys(errors).some((key) => key.startsWith(`${path}.`)),
      likert: item.type === 'likert',
      choice,
      open: item.type === 'open_text',
      types: SURVEY_ITEM_TYPES.map((t) => ({
        value: t,
        label: translate(locale, `evaluation:templates.types.${t}`),
        selected: t === item.type,
      })),
      typeError: error(`${path}.type`),
      scales: SURVEY_SCALES.map((s) => ({ value: s, label: translate(locale, `evaluation:scales.${s}`), selected: s === item.scale })),
      scaleError: error(`${path}.scale`),
      text: languageFields(`${path}.text`, item.text, order),
      textError: error(`${path}.text`),
      options: options.map((o, j) => ({
        index: j,
        number: j + 1,
        id: `item-${i}-option-${j}`,
        fields: languageFields(`${path}.options.${j}.text`, o, order),
        error: error(`${path}.options.${j}.text`),
        remove: options.length > MIN_OPTION_ROWS ? { value: `remove-option:${i}:${j}`, formaction: go(`item-${i}-options`) } : undefined,
      })),
      optionsError: error(`${path}.options`),
      addOption:
        choice && options.length < SURVEY_LIMITS.options
          ? { value: `add-option:${i}`, formaction: go(`item-${i}-option-${options.length}`) }
          : undefined,
      required: item.required,
      requiredError: error(`${path}.required`),
      retype: { value: `retype:${i}`, formaction: go(`item-${i}`) },
      up: i > 0 ? { value: `up:${i}`, formaction: go(`item-${i - 1}`) } : undefined,
      down: i < count - 1 ? { value: `down:${i}`, formaction: go(`item-${i + 1}`) } : undefined,
      remove: count > 1 ? { value: `remove:${i}`, formaction: go(i > 0 ? `item-${i - 1}` : 'items') } : undefined,
    };
  });
  const model = {
    action,
    titleFields: languageFields('title', state.title, order),
    titleError: error('title'),
    introFields: languageFields('intro', state.intro, order),
    introError: error('intro'),
    items,
    itemsError: error('items'),
    add:
      count < SURVEY_LIMITS.items
        ? SURVEY_ITEM_TYPES.map((t) => ({
            value: `add:${t}`,
            label: translate(locale, `evaluation:templates.add.${t}`),
            formaction: go(`item-${count}`),
          }))
        : [],
    limits: {
      title: SURVEY_LIMITS.title,
      intro: SURVEY_LIMITS.intro,
      itemText: SURVEY_LIMITS.itemText,
      optionText: SURVEY_LIMITS.optionText,
    },
    maxOptions: SURVEY_LIMITS.options,
  };
  // Problems the form has no field for (none expected; never silently dropped).
  const other = Object.entries(errors)
    .filter(([path]) => !shown.has(path))
    .map(([, message]) => message);
  const summary = Object.keys(errors).map((path) => ({ href: `#${fieldAnchor(path)}`, message: errors[path] }));
  return { ...model, otherErrors: other, errorSummary: summary, errorCount: Object.keys(errors).length };
}

/** Where the summary of problems links to: the field, or the question, that a problem is about. */
function fieldAnchor(path: string): string {
  const option = /^items\.(\d+)\.options\.(\d+)\./.exec(path);
  if (option) return `item-${option[1]}-option-${option[2]}`;
  const item = /^items\.(\d+)\.(\w+)$/.exec(path);
  if (item) return item[2] === 'options' ? `item-${item[1]}-options` : `item-${item[1]}-${item[2]}`;
  if (path === 'title' || path === 'intro') return path;
  return 'items';
}

/** A text as learners in `lang` see it: their language, else English, else the first written; marked when it fell back. */
function shownText(map: LocaleMap | null | undefined, lang: Locale): { text: string; lang: Locale; fellBack: boolean; dir: 'ltr' | 'rtl' } {
  const picked = pick(map, lang);
  const used = picked.locale ?? lang;
  return { text: picked.text, lang: used, fellBack: picked.fellBack, dir: direction(used) };
}

/** The preview of a template in one language: the questions as learners in that language see them, nothing to send. */
export function previewModel(
  template: { title: LocaleMap; intro: LocaleMap },
  items: SurveyItem[],
  lang: Locale,
  pageLocale: Locale,
): Record<string, unknown> {
  const likert = LIKERT_VALUES.map((v) => translate(lang, `evaluation:likert.${v}`));
  // Named apart from the layout's keys (`dir`, `languages`, `title`): the page itself stays in the reader's language.
  return {
    previewLang: lang,
    previewDir: direction(lang),
    languageName: LANGUAGE_NAMES[lang],
    previewLanguages: LOCALES.map((code) => ({ code, name: LANGUAGE_NAMES[code], selected: code === lang })),
    previewTitle: shownText(template.title, lang),
    previewIntro: Object.keys(template.intro ?? {}).length ? shownText(template.intro, lang) : undefined,
    requiredHint: translate(lang, 'evaluation:answer.required_hint'),
    requiredLabel: translate(lang, 'evaluation:answer.required'),
    yourAnswer: translate(lang, 'evaluation:answer.your_answer'),
    submitLabel: translate(lang, 'evaluation:answer.submit'),
    pageLocale,
    pageDir: direction(pageLocale),
    questions: items.map((item, i) => ({
      id: item.id,
      number: i + 1,
      text: shownText(item.text, lang),
      required: item.required,
      likert: item.type === 'likert',
      choice: item.type === 'single_choice',
      open: item.type === 'open_text',
      scaleLabel: item.scale ? translate(pageLocale, `evaluation:scales.${item.scale}`) : undefined,
      options:
        item.type === 'likert'
          ? likert.map((label, n) => ({ value: n + 1, label: { text: label, lang, fellBack: false, dir: direction(lang) } }))
          : (item.options ?? []).map((o, n) => ({ value: n + 1, label: shownText(o.text, lang) })),
    })),
  };
}
