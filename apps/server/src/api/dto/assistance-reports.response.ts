/** The facility's dashboard (GET /api/v1/assistance/reports/facility) and its work lists. */
import { ApiProperty } from '@nestjs/swagger';
import {
  type AwaitingRequest,
  type Counted,
  FORMATS,
  type FacilityReport,
  type FacilityWorklists,
  type OverdueRecommendation,
  RECOMMENDATION_STATES,
  REQUEST_STATES,
  TOPICS,
} from '@probity/assistance';
import { countryName } from '@probity/evaluation';
import { type Locale, pick, translate } from '@probity/i18n';
import { personValueKey } from '@probity/identity';
import { DATE, DATE_TIME, UUID } from './common.response';

const NUMBER_OR_NULL = { type: Number, nullable: true };
const COUNTRY_OR_NULL = { type: String, nullable: true, example: 'GE' };

export class FacilityFiltersResponseDto {
  @ApiProperty({ ...DATE, nullable: true })
  from: string | null;

  @ApiProperty({ ...DATE, nullable: true })
  to: string | null;

  @ApiProperty({
    ...COUNTRY_OR_NULL,
    description: 'Requests of institutions of this country (or regional organisations it is a member of)',
  })
  country: string | null;

  @ApiProperty({ enum: TOPICS, nullable: true })
  topic: string | null;

  @ApiProperty({
    enum: ['facility', 'institution'],
    description: 'facility: every institution (facility managers); institution: the caller’s own institution only',
  })
  scope: 'facility' | 'institution';

  @ApiProperty({ ...UUID, nullable: true, description: 'The institution counted (scope institution); null: every one, or none yet' })
  institutionId: string | null;
}

export class RequestsByStateResponseDto {
  @ApiProperty() submitted: number;
  @ApiProperty() screening: number;
  @ApiProperty() approved: number;
  @ApiProperty() rejected: number;
  @ApiProperty() withdrawn: number;
}

export class CountryCountResponseDto {
  @ApiProperty({ ...COUNTRY_OR_NULL, description: 'ISO 3166-1 alpha-2; null: regional organisations (requests), not recorded (people)' })
  country: string | null;

  @ApiProperty({ description: 'The country’s name in the request’s language' })
  label: string;

  @ApiProperty()
  n: number;
}

export class TopicCountResponseDto {
  @ApiProperty({ enum: TOPICS })
  topic: string;

  @ApiProperty()
  label: string;

  @ApiProperty()
  requests: number;
}

export class DecisionDaysResponseDto {
  @ApiProperty({ ...NUMBER_OR_NULL, description: 'Median of calendar days (UTC) from submission to decision, one decimal' })
  median: number | null;

  @ApiProperty({ ...NUMBER_OR_NULL, description: 'Mean of the same, one decimal' })
  mean: number | null;

  @ApiProperty({ description: 'Requests decided (approved or rejected) of those counted' })
  n: number;
}

export class FacilityRequestsResponseDto {
  @ApiProperty({ description: 'Requests submitted in the period (drafts are never counted)' })
  total: number;

  @ApiProperty({ type: RequestsByStateResponseDto, description: 'Where the requests submitted in the period stand now' })
  byState: RequestsByStateResponseDto;

  @ApiProperty({
    type: [CountryCountResponseDto],
    description: 'By the requesting institution’s country, by code; regional organisations last',
  })
  byCountry: CountryCountResponseDto[];

  @ApiProperty({ type: [TopicCountResponseDto], description: 'Every topic, in the list’s order (zeros included)' })
  byTopic: TopicCountResponseDto[];

  @ApiProperty({ type: DecisionDaysResponseDto })
  decisionDays: DecisionDaysResponseDto;
}

export class FormatCountResponseDto {
  @ApiProperty({ enum: FORMATS })
  format: string;

  @ApiProperty()
  label: string;

  @ApiProperty() planned: number;
  @ApiProperty() running: number;
  @ApiProperty() delivered: number;
  @ApiProperty() cancelled: number;
  @ApiProperty() total: number;
}

export class FacilityMissionsResponseDto {
  @ApiProperty({ description: 'Missions whose last day is in the period' })
  total: number;

  @ApiProperty() delivered: number;
  @ApiProperty() planned: number;
  @ApiProperty() running: number;
  @ApiProperty() cancelled: number;

  @ApiProperty({ type: [FormatCountResponseDto], description: 'By the request’s format, each state' })
  byFormat: FormatCountResponseDto[];
}

export class PeopleCountResponseDto {
  @ApiProperty({ type: String, nullable: true, description: 'The code on identity’s list (sex, agency type); null: not recorded' })
  code: string | null;

  @ApiProperty()
  label: string;

  @ApiProperty()
  people: number;
}

export class FacilityPeopleResponseDto {
  @ApiProperty({
    description:
      'People on delivered missions whose last day is in the period (not marked absent every day): a person with an account once, described as identity has them; a guest per participation, as recorded on the mission',
  })
  reached: number;

  @ApiProperty({ type: [PeopleCountResponseDto], description: 'Every code of the list, then not recorded' })
  bySex: PeopleCountResponseDto[];

  @ApiProperty({ type: [PeopleCountResponseDto] })
  byAgencyType: PeopleCountResponseDto[];

  @ApiProperty({
    type: [CountryCountResponseDto],
    description: 'A person with an account: their academy’s country; a guest: as recorded on the mission',
  })
  byCountry: CountryCountResponseDto[];
}

export class FacilityRecommendationsResponseDto {
  @ApiProperty({ description: 'Recommendations of submitted mission reports of the missions counted' })
  total: number;

  @ApiProperty() implemented: number;
  @ApiProperty() inProgress: number;
  @ApiProperty() notStarted: number;

  @ApiProperty({
    description:
      'Not implemented, and past the due date or with a 3- or 6-month follow-up of its mission due that no update of it answers (the outcomes’ rule)',
  })
  overdue: number;
}

export class FacilityReportResponseDto {
  @ApiProperty({ type: FacilityFiltersResponseDto, description: 'The filters as applied' })
  filters: FacilityFiltersResponseDto;

  @ApiProperty(DATE_TIME)
  generatedAt: string;

  @ApiProperty({ ...DATE, description: 'The day overdue recommendations were judged on (the database’s current date)' })
  today: string;

  @ApiProperty({ type: FacilityRequestsResponseDto })
  requests: FacilityRequestsResponseDto;

  @ApiProperty({ type: FacilityMissionsResponseDto })
  missions: FacilityMissionsResponseDto;

  @ApiProperty({ type: FacilityPeopleResponseDto })
  people: FacilityPeopleResponseDto;

  @ApiProperty({ type: FacilityRecommendationsResponseDto })
  recommendations: FacilityRecommendationsResponseDto;
}

function country(locale: Locale, none: string, g: Counted): CountryCountResponseDto {
  return { country: g.key, label: g.key === null ? none : countryName(locale, g.key), n: g.n };
}

function person(locale: Locale, field: 'sex' | 'agencyType', g: Counted): PeopleCountResponseDto {
  return { code: g.key, label: translate(locale, personValueKey(field, g.key)), people: g.n };
}

export function mapFacilityReport(report: FacilityReport, locale: Locale): FacilityReportResponseDto {
  const { filters, requests, missions, people, recommendations } = report;
  return {
    filters: {
      from: filters.from,
      to: filters.to,
      country: filters.country,
      topic: filters.topic,
      scope: filters.institution ? 'institution' : 'facility',
      institutionId: filters.institution?.id ?? null,
    },
    generatedAt: report.generatedAt.toISOString(),
    today: report.today,
    requests: {
      total: requests.total,
      byState: { ...requests.byState },
      byCountry: requests.byCountry.map((g) => country(locale, translate(locale, 'facility:regional'), g)),
      byTopic: requests.byTopic.map((g) => ({
        topic: g.key!,
        label: translate(locale, `assistance:topics.${g.key}`),
        requests: g.n,
      })),
      decisionDays: { ...requests.decisionDays },
    },
    missions: {
      total: missions.total,
      ...missions.byState,
      byFormat: missions.byFormat.map((f) => ({ ...f, label: translate(locale, `assistance:formats.${f.format}`) })),
    },
    people: {
      reached: people.reached,
      bySex: people.bySex.map((g) => person(locale, 'sex', g)),
      byAgencyType: people.byAgencyType.map((g) => person(locale, 'agencyType', g)),
      byCountry: people.byCountry.map((g) => country(locale, translate(locale, 'people:not_recorded'), g)),
    },
    recommendations: { ...recommendations },
  };
}

export class OverdueRecommendationResponseDto {
  @ApiProperty(UUID) id: string;
  @ApiProperty(UUID) missionId: string;
  @ApiProperty(UUID) requestId: string;
  @ApiProperty({ example: 'TAF-2027-0004' }) reference: string;
  @ApiProperty({ description: 'The request’s title, in its own language' }) title: string;
  @ApiProperty({ description: 'The requesting institution’s name in the request’s language' }) institution: string;
  @ApiProperty() position: number;
  @ApiProperty() body: string;
  @ApiProperty() owner: string;
  @ApiProperty(DATE) dueOn: string;
  @ApiProperty({ enum: RECOMMENDATION_STATES }) status: string;
  @ApiProperty({ description: 'Past its due day' }) pastDue: boolean;

  @ApiProperty({ type: Number, nullable: true, enum: [3, 6], description: 'The latest follow-up wave due that no update answers' })
  missedWave: 3 | 6 | null;
}

export class AwaitingRequestResponseDto {
  @ApiProperty(UUID) id: string;
  @ApiProperty() reference: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: REQUEST_STATES }) status: string;
  @ApiProperty({ enum: TOPICS }) topic: string;
  @ApiProperty() institution: string;
  @ApiProperty(DATE_TIME) submittedAt: string;
}

export class FacilityWorklistsResponseDto {
  @ApiProperty({ type: [OverdueRecommendationResponseDto], description: 'Overdue now, the longest overdue first (at most 100)' })
  overdue: OverdueRecommendationResponseDto[];

  @ApiProperty({ description: 'How many are overdue in all' })
  overdueTotal: number;

  @ApiProperty({ type: [AwaitingRequestResponseDto], description: 'Submitted or being screened, the longest waiting first (at most 100)' })
  awaiting: AwaitingRequestResponseDto[];

  @ApiProperty({ description: 'How many wait in all' })
  awaitingTotal: number;
}

export function mapOverdue(r: OverdueRecommendation, locale: Locale): OverdueRecommendationResponseDto {
  return {
    id: r.id,
    missionId: r.missionId,
    requestId: r.requestId,
    reference: r.reference,
    title: r.title,
    institution: pick(r.institution, locale).text,
    position: r.position,
    body: r.body,
    owner: r.owner,
    dueOn: r.dueOn,
    status: r.status,
    pastDue: r.pastDue,
    missedWave: r.missedWave,
  };
}

export function mapAwaiting(r: AwaitingRequest, locale: Locale): AwaitingRequestResponseDto {
  return {
    id: r.id,
    reference: r.reference,
    title: r.title,
    status: r.status,
    topic: r.topic,
    institution: pick(r.institution, locale).text,
    submittedAt: new Date(r.submittedAt).toISOString(),
  };
}

export function mapWorklists(lists: FacilityWorklists, locale: Locale): FacilityWorklistsResponseDto {
  return {
    overdue: lists.overdue.rows.map((r) => mapOverdue(r, locale)),
    overdueTotal: lists.overdue.total,
    awaiting: lists.awaiting.rows.map((r) => mapAwaiting(r, locale)),
    awaitingTotal: lists.awaiting.total,
  };
}
