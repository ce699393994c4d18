export { BrokenXml, exportMoodleXml, importMoodleXml, type MoodleImportError, type MoodleImportResult } from './moodle-xml';
export { importGift, type GiftImportError, type GiftImportResult } from './gift';
export { htmlToText, textToHtml } from './html-text';
export { MAX_IMPORT_QUESTIONS, TooManyQuestions } from './common';
