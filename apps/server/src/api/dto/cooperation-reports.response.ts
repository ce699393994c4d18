/** The cooperation initiatives' report (GET /api/v1/initiatives/reports/summary). */
import { ApiProperty } from '@nestjs/swagger';
import { TOPICS } from '@probity/assistance';
import { type CooperationCounted, type CooperationReport, OUTCOME_COUNTS, type OutcomeGroup } from '@probity/cooperation';
import { countryName } from '@probity/evaluation';
import { type Locale, translate } from '@probity/i18n';
import { personValueKey } from '@probity/identity';
import { DATE, DATE_TIME, UUID } from './common.response';

const COUNTRY = { type: String, example: 'GE', description: 'ISO 3166-1 alpha-2' };

export class CooperationFiltersResponseDto {
  @ApiProperty({ ...DATE, nullable: true })
  from: string | null;

  @ApiProperty({ ...DATE, nullable: true })
  to: string | null;

  @ApiProperty({ ...COUNTRY, nullable: true, description: 'Initiatives in which an institution of this country took part' })
  country: string | null;

  @ApiProperty({ enum: TOPICS, nullable: true })
  topic: string | null;

  @ApiProperty({
    enum: ['all', 'academy'],
    description:
      'all: every initiative (facility managers, platform administrators); academy: those the caller’s academy leads or takes part in',
  })
  scope: 'all' | 'academy';

  @ApiProperty({ ...UUID, nullable: true, description: 'The academy whose initiatives are counted (scope academy)' })
  academyId: string | null;
}

export class TopicInitiativesResponseDto {
  @ApiProperty({ enum: TOPICS }) topic: string;
  @ApiProperty() label: string;
  @ApiProperty() initiatives: number;
}

export class CountryPairResponseDto {
  @ApiProperty({ ...COUNTRY, description: 'The first country by code' }) a: string;
  @ApiProperty({ ...COUNTRY, description: 'The second country by code' }) b: string;
  @ApiProperty({ description: 'The two countries’ names in the request’s language, joined' }) label: string;
  @ApiProperty({ description: 'Initiatives in which institutions of both countries took part' }) initiatives: number;
}

export class CooperationInitiativesResponseDto {
  @ApiProperty({ description: 'Initiatives (not cancelled) whose last day is in the period' })
  total: number;

  @ApiProperty({ description: 'Institutions that took part in them (accepted memberships), each once' })
  institutions: number;

  @ApiProperty({ type: [TopicInitiativesResponseDto], description: 'Every topic, in the list’s order (zeros included)' })
  byTopic: TopicInitiativesResponseDto[];

  @ApiProperty({
    type: [CountryPairResponseDto],
    description: 'Each two countries linked by at least one initiative, the most linked first',
  })
  byCountryPair: CountryPairResponseDto[];
}

export class CountryMatrixResponseDto {
  @ApiProperty({ type: [String], example: ['GE', 'KG', 'UA'], description: 'The countries of the rows and of the columns, by code' })
  countries: string[];

  @ApiProperty({ type: [String], description: 'Their names in the request’s language' })
  labels: string[];

  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'integer' } },
    description:
      'cells[i][j]: initiatives linking countries[i] and countries[j] (symmetric); the diagonal cells[i][i]: initiatives in which countries[i] took part',
  })
  cells: number[][];
}

export class PeopleGroupResponseDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The code on identity’s list (sex, agency type) or a country; null: not recorded',
  })
  code: string | null;

  @ApiProperty() label: string;
  @ApiProperty() people: number;
}

export class CooperationParticipantsResponseDto {
  @ApiProperty({
    description:
      'Participants not marked absent on every day: a person with an account once, however many initiatives; a guest once per participation',
  })
  people: number;

  @ApiProperty({ description: 'Participations counted (a person in two initiatives twice)' })
  participations: number;

  @ApiProperty({ type: [PeopleGroupResponseDto], description: 'Every code of the list, then not recorded' })
  bySex: PeopleGroupResponseDto[];
  @ApiProperty({ type: [PeopleGroupResponseDto] }) byAgencyType: PeopleGroupResponseDto[];

  @ApiProperty({
    type: [PeopleGroupResponseDto],
    description: 'As recorded on the participant, else their institution’s country; by code, not recorded last',
  })
  byCountry: PeopleGroupResponseDto[];
}

export class CooperationActionItemsResponseDto {
  @ApiProperty() total: number;
  @ApiProperty() done: number;
  @ApiProperty({ description: 'Open or in progress and past the due date (the database’s current date)' }) overdue: number;
  @ApiProperty({ description: 'Open or in progress and not yet due' }) open: number;
  @ApiProperty() dropped: number;
}

export class OutcomeCountsResponseDto {
  @ApiProperty({ description: 'Outcome reports summed' }) reports: number;
  @ApiProperty() joint_investigations: number;
  @ApiProperty() mla_requests: number;
  @ApiProperty() extradition_requests: number;
  @ApiProperty() joint_operations: number;
  @ApiProperty() information_exchanges: number;
  @ApiProperty() mous_signed: number;
}

export class OutcomeWaveResponseDto extends OutcomeCountsResponseDto {
  @ApiProperty({ enum: [3, 6], description: 'Months after the initiative’s last day' }) wave: number;
}

export class OutcomeMonthResponseDto extends OutcomeCountsResponseDto {
  @ApiProperty({ example: '2026-03', description: 'The month of the initiative’s last day' }) month: string;
}

export class CooperationOutcomesResponseDto {
  @ApiProperty({ type: OutcomeCountsResponseDto }) total: OutcomeCountsResponseDto;
  @ApiProperty({ type: [OutcomeWaveResponseDto], description: 'Waves with a report' }) byWave: OutcomeWaveResponseDto[];
  @ApiProperty({ type: [OutcomeMonthResponseDto], description: 'Months with a report, in order' }) byMonth: OutcomeMonthResponseDto[];
}

export class CooperationReportResponseDto {
  @ApiProperty({ type: CooperationFiltersResponseDto, description: 'The filters as applied' })
  filters: CooperationFiltersResponseDto;

  @ApiProperty(DATE_TIME) generatedAt: string;

  @ApiProperty({ ...DATE, description: 'The day overdue action items were judged on (the database’s current date)' })
  today: string;

  @ApiProperty({ type: CooperationInitiativesResponseDto }) initiatives: CooperationInitiativesResponseDto;
  @ApiProperty({ type: CountryMatrixResponseDto, description: 'Countries × countries: the cooperation links, without a map' })
  matrix: CountryMatrixResponseDto;
  @ApiProperty({ type: CooperationParticipantsResponseDto }) participants: CooperationParticipantsResponseDto;
  @ApiProperty({ type: CooperationActionItemsResponseDto }) actionItems: CooperationActionItemsResponseDto;
  @ApiProperty({ type: CooperationOutcomesResponseDto }) outcomes: CooperationOutcomesResponseDto;
}

function counts(g: OutcomeGroup): OutcomeCountsResponseDto {
  return { reports: g.reports, ...Object.fromEntries(OUTCOME_COUNTS.map((c) => [c, g[c]])) } as OutcomeCountsResponseDto;
}

export function mapCooperationReport(report: CooperationReport, locale: Locale): CooperationReportResponseDto {
  const { filters, initiatives, matrix, participants, actionItems, outcomes } = report;
  const person = (field: 'sex' | 'agencyType') => (g: CooperationCounted) => ({
    code: g.key,
    label: translate(locale, personValueKey(field, g.key)),
    people: g.n,
  });
  return {
    filters: {
      from: filters.from,
      to: filters.to,
      country: filters.country,
      topic: filters.topic,
      scope: filters.academy ? 'academy' : 'all',
      academyId: filters.academy?.id ?? null,
    },
    generatedAt: report.generatedAt.toISOString(),
    today: report.today,
    initiatives: {
      total: initiatives.total,
      institutions: initiatives.institutions,
      byTopic: initiatives.byTopic.map((g) => ({
        topic: g.key!,
        label: translate(locale, `assistance:topics.${g.key}`),
        initiatives: g.n,
      })),
      byCountryPair: initiatives.byCountryPair.map((p) => ({
        a: p.a,
        b: p.b,
        label: translate(locale, 'cooperation_reports:pair', { a: countryName(locale, p.a), b: countryName(locale, p.b) }),
        initiatives: p.n,
      })),
    },
    matrix: { countries: matrix.countries, labels: matrix.countries.map((c) => countryName(locale, c)), cells: matrix.cells },
    participants: {
      people: participants.people,
      participations: participants.participations,
      bySex: participants.bySex.map(person('sex')),
      byAgencyType: participants.byAgencyType.map(person('agencyType')),
      byCountry: participants.byCountry.map((g) => ({
        code: g.key,
        label: g.key === null ? translate(locale, 'people:not_recorded') : countryName(locale, g.key),
        people: g.n,
      })),
    },
    actionItems: { ...actionItems },
    outcomes: {
      total: counts(outcomes.total),
      byWave: outcomes.byWave.map((w) => ({ wave: w.wave, ...counts(w) })),
      byMonth: outcomes.byMonth.map((m) => ({ month: m.month, ...counts(m) })),
    },
  };
}
