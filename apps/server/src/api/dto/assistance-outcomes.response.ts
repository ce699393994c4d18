/** Mission reports, recommendations with their follow-up, and mission evaluations (issue 14 point 5). */
import { ApiProperty } from '@nestjs/swagger';
import {
  EVALUATION_RESPONDENTS,
  type EvaluationForm,
  type EvaluationResults,
  FOLLOW_UP_WAVES,
  MISSION_STATES,
  RECOMMENDATION_STATES,
  type RecommendationDetails,
  type RecommendationView,
  type ReportView,
} from '@probity/assistance';
import { SURVEY_ITEM_TYPES } from '@probity/evaluation';
import { LOCALES, type Locale, type LocaleMap, pick, translate } from '@probity/i18n';
import type { Page } from '@probity/identity';
import { DATE, DATE_TIME, UUID } from './common.response';

export class OutcomeMissionResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ example: 'TAF-2026-7', description: 'The request’s reference' })
  reference: string;

  @ApiProperty({ description: 'The request’s title, in the language it was written in' })
  title: string;

  @ApiProperty({ enum: MISSION_STATES })
  status: string;

  @ApiProperty(DATE)
  startsOn: string;

  @ApiProperty(DATE)
  endsOn: string;

  @ApiProperty(UUID)
  institutionId: string;

  @ApiProperty({ description: 'The requesting institution, in the caller’s language' })
  institution: string;
}

function mapMission(mission: ReportView['mission'], locale: Locale): OutcomeMissionResponseDto {
  return {
    id: mission.id,
    reference: mission.reference,
    title: mission.title,
    status: mission.status,
    startsOn: mission.startsOn,
    endsOn: mission.endsOn,
    institutionId: mission.institutionId,
    institution: pick(mission.institutionName, locale).text,
  };
}

export class RecommendationResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty(UUID)
  missionId: string;

  @ApiProperty({ example: 'TAF-2026-7' })
  reference: string;

  @ApiProperty({ description: 'Its number in the report, from 1' })
  position: number;

  @ApiProperty({ description: 'In the report’s language' })
  body: string;

  @ApiProperty({ description: 'Who owns it, as the report names them' })
  owner: string;

  @ApiProperty({ ...UUID, nullable: true })
  ownerInstitutionId: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The owning institution, in the caller’s language' })
  ownerInstitution: string | null;

  @ApiProperty(DATE)
  dueOn: string;

  @ApiProperty({ enum: RECOMMENDATION_STATES })
  status: string;

  @ApiProperty({ description: 'The status in the caller’s language' })
  statusText: string;

  @ApiProperty({ description: 'Not implemented, and past its due date or a follow-up due without an answer' })
  overdue: boolean;

  @ApiProperty({ enum: FOLLOW_UP_WAVES, isArray: true, description: 'Follow-ups of its mission that are due (months)' })
  dueWaves: number[];

  @ApiProperty({ enum: FOLLOW_UP_WAVES, isArray: true, description: 'Follow-ups its owner has answered' })
  answeredWaves: number[];

  @ApiProperty({ description: 'The caller may mark its progress' })
  mayMark: boolean;

  @ApiProperty(DATE_TIME)
  updatedAt: Date;
}

export function mapRecommendation(view: RecommendationView, locale: Locale): RecommendationResponseDto {
  const r = view.recommendation;
  return {
    id: r.id,
    missionId: r.missionId,
    reference: r.reference,
    position: r.position,
    body: r.body,
    owner: r.owner,
    ownerInstitutionId: r.ownerInstitutionId,
    ownerInstitution: view.ownerInstitutionName ? pick(view.ownerInstitutionName, locale).text : null,
    dueOn: r.dueOn,
    status: r.status,
    statusText: translate(locale, `outcomes:states.${r.status}`),
    overdue: r.overdue,
    dueWaves: r.dueWaves,
    answeredWaves: r.answeredWaves,
    mayMark: view.mayMark,
    updatedAt: r.updatedAt,
  };
}

export class RecommendationPageResponseDto {
  @ApiProperty({ type: [RecommendationResponseDto] })
  items: RecommendationResponseDto[];

  @ApiProperty()
  total: number;
}

export function mapRecommendationPage(page: Page<RecommendationView>, locale: Locale): RecommendationPageResponseDto {
  return { items: page.items.map((v) => mapRecommendation(v, locale)), total: page.total };
}

export class RecommendationUpdateResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ enum: RECOMMENDATION_STATES })
  status: string;

  @ApiProperty()
  note: string;

  @ApiProperty({ enum: FOLLOW_UP_WAVES, nullable: true, description: 'The follow-up this mark answered' })
  wave: number | null;

  @ApiProperty({ type: String, nullable: true })
  by: string | null;

  @ApiProperty(DATE_TIME)
  at: Date;
}

export class RecommendationDetailsResponseDto extends RecommendationResponseDto {
  @ApiProperty({ type: [RecommendationUpdateResponseDto], description: 'Every mark, the newest first' })
  history: RecommendationUpdateResponseDto[];
}

export function mapRecommendationDetails(details: RecommendationDetails, locale: Locale): RecommendationDetailsResponseDto {
  return {
    ...mapRecommendation(details, locale),
    history: details.history.map((h) => ({ id: h.id, status: h.status, note: h.note, wave: h.wave, by: h.byName, at: h.at })),
  };
}

export class ReportRecommendationResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty()
  position: number;

  @ApiProperty()
  body: string;

  @ApiProperty()
  owner: string;

  @ApiProperty({ ...UUID, nullable: true })
  ownerInstitutionId: string | null;

  @ApiProperty({ type: String, nullable: true })
  ownerInstitution: string | null;

  @ApiProperty(DATE)
  dueOn: string;

  @ApiProperty({ enum: RECOMMENDATION_STATES })
  status: string;

  @ApiProperty()
  overdue: boolean;
}

export class MissionReportResponseDto {
  @ApiProperty({ type: OutcomeMissionResponseDto })
  mission: OutcomeMissionResponseDto;

  @ApiProperty({ enum: ['none', 'draft', 'submitted'], description: 'none: the lead expert has not started it' })
  state: 'none' | 'draft' | 'submitted';

  @ApiProperty({ type: String, enum: LOCALES, nullable: true, description: 'The language the report is written in' })
  locale: string | null;

  @ApiProperty()
  activities: string;

  @ApiProperty()
  findings: string;

  @ApiProperty({ type: [ReportRecommendationResponseDto] })
  recommendations: ReportRecommendationResponseDto[];

  @ApiProperty({ type: String, nullable: true, description: 'The lead expert who wrote it' })
  author: string | null;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  submittedAt: Date | null;

  @ApiProperty({ description: 'The caller is the lead expert and the report is still a draft' })
  editable: boolean;
}

export function mapReport(view: ReportView, locale: Locale): MissionReportResponseDto {
  const report = view.report;
  return {
    mission: mapMission(view.mission, locale),
    state: !report ? 'none' : report.submittedAt ? 'submitted' : 'draft',
    locale: report?.locale ?? null,
    activities: report?.activities ?? '',
    findings: report?.findings ?? '',
    recommendations: view.recommendations.map((r) => {
      const name = r.ownerInstitutionId ? view.institutionNames.get(r.ownerInstitutionId) : undefined;
      return {
        id: r.id,
        position: r.position,
        body: r.body,
        owner: r.owner,
        ownerInstitutionId: r.ownerInstitutionId,
        ownerInstitution: name ? pick(name, locale).text : null,
        dueOn: r.dueOn,
        status: r.status,
        overdue: Boolean(report?.submittedAt) && r.overdue,
      };
    }),
    author: view.authorName,
    submittedAt: report?.submittedAt ?? null,
    editable: view.editable,
  };
}

export class EvaluationItemResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ enum: SURVEY_ITEM_TYPES })
  type: string;

  @ApiProperty({ description: 'In the caller’s language' })
  text: string;

  @ApiProperty()
  required: boolean;

  @ApiProperty({ type: [String], description: 'What each value means (Likert 1–5, options 1…n), in the caller’s language' })
  options: string[];
}

export class EvaluationInvitationResponseDto {
  @ApiProperty({ enum: EVALUATION_RESPONDENTS })
  respondent: string;

  @ApiProperty()
  answered: boolean;
}

export class EvaluationFormResponseDto {
  @ApiProperty({ type: OutcomeMissionResponseDto })
  mission: OutcomeMissionResponseDto;

  @ApiProperty(UUID)
  templateId: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  intro: string;

  @ApiProperty({ type: [EvaluationItemResponseDto] })
  items: EvaluationItemResponseDto[];

  @ApiProperty({ type: [EvaluationInvitationResponseDto], description: 'In which capacities the caller was asked' })
  invitations: EvaluationInvitationResponseDto[];

  @ApiProperty({ description: 'Facility managers and the host read the results' })
  mayReadResults: boolean;
}

const text = (map: LocaleMap, locale: Locale): string => pick(map, locale).text;

export function mapEvaluationForm(form: EvaluationForm, locale: Locale): EvaluationFormResponseDto {
  return {
    mission: mapMission(form.mission, locale),
    templateId: form.template.id,
    title: text(form.template.title, locale),
    intro: text(form.template.intro, locale),
    items: form.items.map((item) => ({
      id: item.id,
      type: item.type,
      text: text(item.text, locale),
      required: item.required,
      options:
        item.type === 'likert'
          ? [1, 2, 3, 4, 5].map((v) => translate(locale, `evaluation:likert.${v}`))
          : (item.options ?? []).map((o) => text(o.text, locale)),
    })),
    invitations: form.invitations,
    mayReadResults: form.mayReadResults,
  };
}

export class EvaluationAnsweredResponseDto {
  @ApiProperty({ ...DATE, description: 'The day recorded (the invitation keeps only the day)' })
  answeredOn: string;

  @ApiProperty({ enum: EVALUATION_RESPONDENTS })
  respondent: string;
}

export class EvaluationItemResultResponseDto {
  @ApiProperty(UUID)
  itemId: string;

  @ApiProperty({ enum: SURVEY_ITEM_TYPES })
  type: string;

  @ApiProperty()
  text: string;

  @ApiProperty({ description: 'How many answered it' })
  n: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Likert items: the mean, 1–5, two decimals' })
  mean: number | null;

  @ApiProperty({ type: [Number], description: 'Answers per value (Likert 1–5, options 1…n)' })
  counts: number[];

  @ApiProperty({ type: [String], description: 'Open answers, in a random order' })
  answers: string[];
}

export class EvaluationGroupResponseDto {
  @ApiProperty({ enum: EVALUATION_RESPONDENTS })
  respondent: string;

  @ApiProperty()
  invited: number;

  @ApiProperty()
  responses: number;

  @ApiProperty({ description: 'At least minResponses answered: the items are given' })
  shown: boolean;

  @ApiProperty({ type: [EvaluationItemResultResponseDto], description: 'Empty while under the threshold' })
  items: EvaluationItemResultResponseDto[];
}

export class EvaluationResultsResponseDto {
  @ApiProperty({ type: OutcomeMissionResponseDto })
  mission: OutcomeMissionResponseDto;

  @ApiProperty()
  title: string;

  @ApiProperty({ description: 'Answers of a kind of respondent show from this many on' })
  minResponses: number;

  @ApiProperty({ type: [EvaluationGroupResponseDto], description: 'Participants, experts, host' })
  groups: EvaluationGroupResponseDto[];
}

export function mapEvaluationResults(results: EvaluationResults, locale: Locale): EvaluationResultsResponseDto {
  return {
    mission: mapMission(results.mission, locale),
    title: text(results.template.title, locale),
    minResponses: results.minResponses,
    groups: results.groups.map((g) => ({
      respondent: g.respondent,
      invited: g.invited,
      responses: g.responses,
      shown: g.shown,
      items: g.items.map((i) => ({
        itemId: i.item.id,
        type: i.item.type,
        text: text(i.item.text, locale),
        n: i.n,
        mean: i.mean,
        counts: i.counts,
        answers: i.answers,
      })),
    })),
  };
}
