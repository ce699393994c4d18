import type { Locale } from '@probity/i18n';
import type { ItemContent } from '../item-model';
import { ItemProblem, MAX_IMPORT_QUESTIONS, TooManyQuestions } from './common';
import { attribute, child, children, parseQuiz, plainText } from './moodle-xml-document';
import { readQuestion } from './moodle-xml-question';

export { BrokenXml } from './moodle-xml-document';
export { exportMoodleXml } from './moodle-xml-export';

export interface MoodleImportError {
  /** The question's <name>, or "question N" (N counting questions, not categories, from 1). */
  item: string;
  message: string;
}

export interface MoodleImportResult {
  items: ItemContent[];
  errors: MoodleImportError[];
}

/**
 * Reads a Moodle XML question file. Categories are skipped; each question that cannot be
 * imported (unsupported type, no right answer, …) is reported in `errors` and the rest imported.
 * @throws BrokenXml when the document is not well-formed XML or has no <quiz> root.
 * @throws TooManyQuestions when it has more than `maxQuestions` questions (counted before any is read).
 */
export function importMoodleXml(xml: string, locale: Locale, maxQuestions = MAX_IMPORT_QUESTIONS): MoodleImportResult {
  const quiz = parseQuiz(xml);
  const questions = children(quiz, 'question')
    .map((question) => ({ question, type: (attribute(question, 'type') ?? '').trim() }))
    .filter(({ type }) => type !== 'category');
  if (questions.length > maxQuestions) throw new TooManyQuestions(questions.length, maxQuestions);

  const items: ItemContent[] = [];
  const errors: MoodleImportError[] = [];
  let count = 0;
  for (const { question, type } of questions) {
    count++;
    let label = `question ${count}`;
    try {
      label = plainText(child(question, 'name')) || label;
      items.push(readQuestion(question, type, locale));
    } catch (error) {
      if (!(error instanceof ItemProblem)) throw error;
      errors.push({ item: label, message: error.message });
    }
  }
  return { items, errors };
}
