import { createHash } from 'node:crypto';
import type { FieldViolation } from '@probity/i18n';
import { ATTACHMENT_TYPES, type EligibilityRule, REQUEST_MOVES, type RequestMove, type RequestState, type Topic } from './assistance-model';

/** The sizes of a request's texts (the API's DTOs and the pages' forms use these). */
export const REQUEST_LIMITS = {
  title: 200,
  text: 5000,
  comment: 5000,
  reason: 2000,
  note: 1000,
  languages: 10,
  participants: 1000,
  institutionName: 200,
  countries: 60,
} as const;

/** What a request must say before it can be submitted (issue 14 point 1), in the order a form shows them. */
export const REQUIRED_TO_SUBMIT = [
  'need',
  'expectedResult',
  'targetGroup',
  'participants',
  'preferredFrom',
  'preferredTo',
  'languages',
] as const;

export interface RequestContent {
  need: string;
  expectedResult: string;
  targetGroup: string;
  participants: number | null;
  preferredFrom: string | null;
  preferredTo: string | null;
  languages: string[];
}

/** The fields a draft still lacks to be submitted (`isNotEmpty` each), and dates in the wrong order. */
export function missingToSubmit(request: RequestContent): FieldViolation[] {
  const problems: FieldViolation[] = [];
  for (const field of REQUIRED_TO_SUBMIT) {
    const value = request[field];
    const empty = value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
    if (empty) problems.push({ field, constraint: field === 'languages' ? 'arrayNotEmpty' : 'isNotEmpty' });
  }
  if (request.preferredFrom && request.preferredTo && request.preferredTo < request.preferredFrom)
    problems.push({ field: 'preferredTo', constraint: 'endsBeforeStart' });
  return problems;
}

/** Which side makes a move, and from which states. */
export function moveOf(move: RequestMove): { from: readonly RequestState[]; to: RequestState; by: 'requester' | 'manager' } {
  return REQUEST_MOVES[move];
}

/** The moves the reader may make now, by side and state (the API's `actions` and the pages' buttons). */
export function movesFor(state: RequestState, sides: { requester: boolean; manager: boolean }): RequestMove[] {
  return (Object.keys(REQUEST_MOVES) as RequestMove[]).filter((move) => {
    const { from, by } = REQUEST_MOVES[move];
    return (from as readonly RequestState[]).includes(state) && (by === 'requester' ? sides.requester : sides.manager);
  });
}

/** States in which the requester may still attach files. */
export const ATTACHABLE_STATES: readonly RequestState[] = ['draft', 'submitted', 'screening'];

// ---- attachments ---------------------------------------------------------------------------------------

export type AttachmentMediaType = keyof typeof ATTACHMENT_TYPES;

/**
 * The type of a file by its content, never by its name or declared type: `%PDF-` at the start for PDF; a ZIP
 * archive whose central directory lists `word/document.xml` for DOCX; anything else is not accepted (undefined).
 */
export function sniffAttachment(content: Buffer): AttachmentMediaType | undefined {
  if (content.length >= 5 && content.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (content.length >= 4 && content.readUInt32LE(0) === 0x04034b50 && zipHas(content, 'word/document.xml'))
    return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  return undefined;
}

/** Whether a ZIP archive's central directory names `entry`. */
function zipHas(zip: Buffer, entry: string): boolean {
  return zipEntries(zip).has(entry);
}

/** The names in a ZIP archive's central directory (the end record searched for from the end); empty when malformed. */
export function zipEntries(zip: Buffer): Set<string> {
  const END = 0x06054b50;
  const CENTRAL = 0x02014b50;
  const names = new Set<string>();
  const lowest = Math.max(0, zip.length - 22 - 0xffff);
  for (let at = zip.length - 22; at >= lowest; at--) {
    if (zip.readUInt32LE(at) !== END) continue;
    const count = zip.readUInt16LE(at + 10);
    let offset = zip.readUInt32LE(at + 16);
    for (let i = 0; i < count; i++) {
      if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== CENTRAL) return new Set();
      const nameLength = zip.readUInt16LE(offset + 28);
      const extraLength = zip.readUInt16LE(offset + 30);
      const commentLength = zip.readUInt16LE(offset + 32);
      if (offset + 46 + nameLength > zip.length) return new Set();
      names.add(zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'));
      offset += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  }
  return names;
}

/**
 * A file name safe to store and to send back: the last part of a path, without control characters or quotes, at most
 * 200 characters, ending in the extension of its real type (`report` sent as a PDF becomes `report.pdf`).
 */
export function attachmentName(given: string | undefined, type: AttachmentMediaType): string {
  const extension = `.${ATTACHMENT_TYPES[type]}`;
  const base = (given ?? '')
    .split(/[/\\]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '')
    .trim();
  const stem = base.toLowerCase().endsWith(extension) ? base.slice(0, -extension.length) : base;
  return `${(stem || 'attachment').slice(0, 200 - extension.length)}${extension}`;
}

export function sha256Of(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** `Content-Disposition: attachment` with an ASCII fallback name and the real one in RFC 5987 form. */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

// ---- screening aid -----------------------------------------------------------------------------------

/** How far ahead the preferred dates must be: at least 30 days after submission, ending within 18 months of it. */
export const DATES_FEASIBLE = { minDaysAhead: 30, maxMonthsAhead: 18 } as const;

/** How far back similar requests are looked for. */
export const SIMILAR_YEARS = 2;

/** A calendar day `days` after `day` (`YYYY-MM-DD`, UTC). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function addMonths(day: string, months: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), last));
  return target.toISOString().slice(0, 10);
}

/** Probity's proposal for one rule: met or not (null: cannot tell), and the facts it rests on. */
export interface RuleProposal {
  rule: EligibilityRule;
  met: boolean | null;
  facts: Record<string, string>;
}

/** The institution's countries among the partner countries (the countries of Probity's academies). */
export function proposePartnerCountry(institutionCountries: string[], partnerCountries: string[]): RuleProposal {
  const partners = new Set(partnerCountries);
  const among = institutionCountries.filter((c) => partners.has(c));
  return {
    rule: 'partner_country',
    met: institutionCountries.length ? among.length > 0 : null,
    facts: { countries: institutionCountries.join(', '), partners: among.join(', ') },
  };
}

export function proposeTopic(topic: Topic): RuleProposal {
  return { rule: 'topic_in_scope', met: topic !== 'other', facts: { topic } };
}

/** The preferred dates against the day of submission (or today for a request not yet submitted). */
export function proposeDates(from: string | null, to: string | null, submittedOn: string): RuleProposal {
  const earliest = addDays(submittedOn, DATES_FEASIBLE.minDaysAhead);
  const latest = addMonths(submittedOn, DATES_FEASIBLE.maxMonthsAhead);
  const facts = { from: from ?? '', to: to ?? '', earliest, latest, submitted: submittedOn };
  if (!from || !to) return { rule: 'dates_feasible', met: null, facts };
  return { rule: 'dates_feasible', met: from >= earliest && to <= latest, facts };
}

/** A request like this one, not a draft: a duplicate when it asks the same institution's same topic and is still alive. */
export interface SimilarRequest {
  id: string;
  reference: string;
  title: string;
  topic: Topic;
  status: RequestState;
  institutionId: string;
  submittedAt: Date | null;
}

export const LIVE_STATES: readonly RequestState[] = ['submitted', 'screening', 'approved'];

export function proposeNoDuplicate(request: { topic: Topic; institutionId: string }, similar: SimilarRequest[]): RuleProposal {
  const duplicates = similar.filter(
    (s) => s.topic === request.topic && s.institutionId === request.institutionId && LIVE_STATES.includes(s.status),
  );
  return { rule: 'no_duplicate', met: duplicates.length === 0, facts: { duplicates: duplicates.map((d) => d.reference).join(', ') } };
}
