/** Requests for technical assistance (GET/POST /api/v1/assistance/requests...), their files, threads and institutions. */
import { ApiProperty } from '@nestjs/swagger';
import {
  type AssistanceFormat,
  type AssistanceInstitution,
  type CommentView,
  ELIGIBILITY_RULES,
  type EligibilityRule,
  FORMATS,
  type FileInfo,
  INSTITUTION_KINDS,
  type InstitutionKind,
  type InstitutionView,
  REQUEST_MOVES,
  REQUEST_STATES,
  type RequestMove,
  type RequestState,
  type RequestView,
  type RuleProposal,
  type ScreeningAid,
  TOPICS,
  type Topic,
} from '@probity/assistance';
import type { CohortStatus } from '@probity/cohorts';
import { LOCALES, type Locale, type LocaleMap, pick, translate } from '@probity/i18n';
import type { Page } from '@probity/identity';
import { DATE, DATE_TIME, LOCALE_MAP, OBJECT, UUID } from './common.response';

const MOVES = Object.keys(REQUEST_MOVES) as RequestMove[];

export class InstitutionSummaryResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ enum: INSTITUTION_KINDS })
  kind: InstitutionKind;

  @ApiProperty({ ...UUID, nullable: true, description: 'The academy, for an academy’s institution' })
  academyId: string | null;

  @ApiProperty(LOCALE_MAP)
  name: LocaleMap;

  @ApiProperty({ description: 'The name in the request’s language (or the nearest one there is)' })
  nameText: string;

  @ApiProperty({ type: String, nullable: true, example: 'GE', description: 'null for a regional organisation' })
  country: string | null;

  @ApiProperty({ type: [String], example: ['KZ', 'KG'], description: 'A regional organisation’s member countries' })
  countries: string[];
}

export class FocalPointResponseDto {
  @ApiProperty(UUID)
  userId: string;

  @ApiProperty()
  fullName: string;
}

export class InstitutionResponseDto extends InstitutionSummaryResponseDto {
  @ApiProperty({ type: [FocalPointResponseDto], description: 'People tied to it (an academy’s administrators file for it too)' })
  focalPoints: FocalPointResponseDto[];

  @ApiProperty(DATE_TIME)
  createdAt: string;
}

export class InstitutionPageResponseDto {
  @ApiProperty({ type: [InstitutionResponseDto] })
  items: InstitutionResponseDto[];

  @ApiProperty()
  total: number;
}

export class RuleJudgementResponseDto {
  @ApiProperty()
  met: boolean;

  @ApiProperty()
  note: string;

  @ApiProperty({ ...UUID, description: 'The facility manager who judged it' })
  by: string;

  @ApiProperty(DATE_TIME)
  at: string;
}

export class ScreeningResponseDto {
  @ApiProperty({ type: RuleJudgementResponseDto, nullable: true })
  partner_country: RuleJudgementResponseDto | null;

  @ApiProperty({ type: RuleJudgementResponseDto, nullable: true })
  topic_in_scope: RuleJudgementResponseDto | null;

  @ApiProperty({ type: RuleJudgementResponseDto, nullable: true })
  dates_feasible: RuleJudgementResponseDto | null;

  @ApiProperty({ type: RuleJudgementResponseDto, nullable: true })
  no_duplicate: RuleJudgementResponseDto | null;
}

export class RequestResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ example: 'TAF-2026-0001' })
  reference: string;

  @ApiProperty({ enum: REQUEST_STATES })
  status: RequestState;

  @ApiProperty({ description: 'Where it stands, in words of the caller’s language' })
  statusText: string;

  @ApiProperty({ type: InstitutionSummaryResponseDto })
  institution: InstitutionSummaryResponseDto;

  @ApiProperty({ ...UUID, nullable: true })
  createdBy: string | null;

  @ApiProperty({ enum: LOCALES, description: 'The language the request is written in' })
  locale: string;

  @ApiProperty({ enum: TOPICS })
  topic: Topic;

  @ApiProperty()
  topicText: string;

  @ApiProperty({ enum: FORMATS })
  format: AssistanceFormat;

  @ApiProperty()
  formatText: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  need: string;

  @ApiProperty()
  expectedResult: string;

  @ApiProperty()
  targetGroup: string;

  @ApiProperty({ type: Number, nullable: true })
  participants: number | null;

  @ApiProperty({ ...DATE, nullable: true })
  preferredFrom: string | null;

  @ApiProperty({ ...DATE, nullable: true })
  preferredTo: string | null;

  @ApiProperty({ type: [String], example: ['ru', 'en'], description: 'ISO 639 codes' })
  languages: string[];

  @ApiProperty({ type: ScreeningResponseDto, description: 'The facility manager’s judgement per eligibility rule (null: not yet)' })
  screening: ScreeningResponseDto;

  @ApiProperty({ type: String, nullable: true, description: 'The reason given with the decision' })
  decisionReason: string | null;

  @ApiProperty({ ...UUID, nullable: true })
  decidedBy: string | null;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  decidedAt: string | null;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  submittedAt: string | null;

  @ApiProperty(DATE_TIME)
  createdAt: string;

  @ApiProperty(DATE_TIME)
  updatedAt: string;

  @ApiProperty({ enum: MOVES, isArray: true, description: 'The moves the caller may make now' })
  actions: RequestMove[];

  @ApiProperty({ description: 'The caller may change it (the requester, while it is a draft)' })
  editable: boolean;

  @ApiProperty({ description: 'The caller may attach files (the requester, until the decision)' })
  attachable: boolean;

  @ApiProperty({ description: 'The caller may record the screening’s judgements (a facility manager, while it is screened)' })
  judgeable: boolean;
}

export class RequestPageResponseDto {
  @ApiProperty({ type: [RequestResponseDto] })
  items: RequestResponseDto[];

  @ApiProperty()
  total: number;
}

export class RequestFileResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ example: 'needs-assessment.pdf' })
  fileName: string;

  @ApiProperty({ example: 'application/pdf', description: 'Known from the content, not from the name' })
  mediaType: string;

  @ApiProperty({ description: 'Bytes' })
  size: number;

  @ApiProperty({ description: 'SHA-256 of the content, hex' })
  sha256: string;

  @ApiProperty({ ...UUID, nullable: true })
  uploadedBy: string | null;

  @ApiProperty(DATE_TIME)
  createdAt: string;
}

export class RequestCommentResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ ...UUID, nullable: true })
  authorId: string | null;

  @ApiProperty()
  authorName: string;

  @ApiProperty({ description: 'Written by a facility manager (not by the requesting institution)' })
  fromFacility: boolean;

  @ApiProperty()
  body: string;

  @ApiProperty(DATE_TIME)
  createdAt: string;
}

export class RuleProposalResponseDto {
  @ApiProperty({ enum: ELIGIBILITY_RULES })
  rule: EligibilityRule;

  @ApiProperty()
  ruleText: string;

  @ApiProperty({ type: Boolean, nullable: true, description: 'Probity’s proposal; null: it cannot tell (dates missing)' })
  met: boolean | null;

  @ApiProperty({ ...OBJECT, description: 'The facts the proposal rests on' })
  facts: Record<string, string>;

  @ApiProperty({ description: 'The proposal and its facts, in words of the caller’s language' })
  explanation: string;
}

export class SimilarRequestResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty()
  reference: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ enum: TOPICS })
  topic: Topic;

  @ApiProperty({ enum: REQUEST_STATES })
  status: RequestState;

  @ApiProperty()
  statusText: string;

  @ApiProperty(UUID)
  institutionId: string;

  @ApiProperty()
  institutionName: string;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  submittedAt: string | null;
}

export class AcademyCohortResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty(LOCALE_MAP)
  courseTitle: LocaleMap;

  @ApiProperty({ description: 'The course’s title in the caller’s language (or the nearest one there is)' })
  courseTitleText: string;

  @ApiProperty(DATE)
  startsOn: string;

  @ApiProperty(DATE)
  endsOn: string;

  @ApiProperty({ enum: ['planned', 'running'] })
  status: CohortStatus;

  @ApiProperty()
  statusText: string;
}

export class ScreeningAidResponseDto {
  @ApiProperty({ type: [RuleProposalResponseDto] })
  proposals: RuleProposalResponseDto[];

  @ApiProperty({ type: [SimilarRequestResponseDto], description: 'Same topic or same institution, last two years, not drafts' })
  similar: SimilarRequestResponseDto[];

  @ApiProperty({
    type: [AcademyCohortResponseDto],
    description: 'An academy’s request: the academy’s planned and running cohorts, the soonest first (empty for other institutions)',
  })
  cohorts: AcademyCohortResponseDto[];
}

export function mapInstitutionSummary(i: AssistanceInstitution, locale: Locale): InstitutionSummaryResponseDto {
  return {
    id: i.id,
    kind: i.kind,
    academyId: i.academyId,
    name: i.name,
    nameText: pick(i.name, locale).text,
    country: i.country,
    countries: i.countries,
  };
}

export function mapInstitution(view: InstitutionView, locale: Locale): InstitutionResponseDto {
  return {
    ...mapInstitutionSummary(view.institution, locale),
    focalPoints: view.focalPoints.map((f) => ({ userId: f.userId, fullName: f.fullName })),
    createdAt: view.institution.createdAt.toISOString(),
  };
}

export function mapInstitutionPage(page: Page<InstitutionView>, locale: Locale): InstitutionPageResponseDto {
  return { items: page.items.map((v) => mapInstitution(v, locale)), total: page.total };
}

export function mapRequest(view: RequestView, locale: Locale): RequestResponseDto {
  const r = view.request;
  const screening = Object.fromEntries(
    ELIGIBILITY_RULES.map((rule) => {
      const j = r.screening[rule];
      return [rule, j ? { met: j.met, note: j.note, by: j.by, at: j.at } : null];
    }),
  ) as unknown as ScreeningResponseDto;
  return {
    id: r.id,
    reference: r.reference,
    status: r.status,
    statusText: translate(locale, `assistance:states.${r.status}`),
    institution: mapInstitutionSummary(view.institution, locale),
    createdBy: r.createdBy,
    locale: r.locale,
    topic: r.topic,
    topicText: translate(locale, `assistance:topics.${r.topic}`),
    format: r.format,
    formatText: translate(locale, `assistance:formats.${r.format}`),
    title: r.title,
    need: r.need,
    expectedResult: r.expectedResult,
    targetGroup: r.targetGroup,
    participants: r.participants,
    preferredFrom: r.preferredFrom,
    preferredTo: r.preferredTo,
    languages: r.languages,
    screening,
    decisionReason: r.decisionReason,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    actions: view.actions,
    editable: view.editable,
    attachable: view.attachable,
    judgeable: view.judgeable,
  };
}

export function mapRequestPage(page: Page<RequestView>, locale: Locale): RequestPageResponseDto {
  return { items: page.items.map((v) => mapRequest(v, locale)), total: page.total };
}

export function mapFile(f: FileInfo): RequestFileResponseDto {
  return {
    id: f.id,
    fileName: f.fileName,
    mediaType: f.mediaType,
    size: f.size,
    sha256: f.sha256,
    uploadedBy: f.uploadedBy,
    createdAt: f.createdAt.toISOString(),
  };
}

export function mapComment(c: CommentView): RequestCommentResponseDto {
  return {
    id: c.comment.id,
    authorId: c.comment.authorId,
    authorName: c.authorName,
    fromFacility: c.fromFacility,
    body: c.comment.body,
    createdAt: c.comment.createdAt.toISOString(),
  };
}

/** A proposal in words: `assistance:aid.<rule>.<met|not_met|unknown>` with its facts. */
export function proposalText(p: RuleProposal, locale: Locale): string {
  const outcome = p.met === null ? 'unknown' : p.met ? 'met' : 'not_met';
  const facts = p.rule === 'topic_in_scope' ? { topic: translate(locale, `assistance:topics.${p.facts.topic}`) } : p.facts;
  return translate(locale, `assistance:aid.${p.rule}.${outcome}`, facts);
}

export function mapScreeningAid(aid: ScreeningAid, locale: Locale): ScreeningAidResponseDto {
  return {
    proposals: aid.proposals.map((p) => ({
      rule: p.rule,
      ruleText: translate(locale, `assistance:rules.${p.rule}`),
      met: p.met,
      facts: p.facts,
      explanation: proposalText(p, locale),
    })),
    similar: aid.similar.map((s) => ({
      id: s.id,
      reference: s.reference,
      title: s.title,
      topic: s.topic,
      status: s.status,
      statusText: translate(locale, `assistance:states.${s.status}`),
      institutionId: s.institutionId,
      institutionName: s.institution ? pick(s.institution.name, locale).text : '',
      submittedAt: s.submittedAt ? new Date(s.submittedAt).toISOString() : null,
    })),
    cohorts: aid.cohorts.map((c) => ({
      id: c.id,
      name: c.name,
      courseTitle: c.courseTitle,
      courseTitleText: pick(c.courseTitle, locale).text,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      status: c.status,
      statusText: translate(locale, `cohorts:cohort_status.${c.status}`),
    })),
  };
}
