/** The expert roster and matching (GET/POST /api/v1/assistance/experts..., GET /api/v1/assistance/requests/:id/matches). */
import { ApiProperty } from '@nestjs/swagger';
import {
  type ExpertMatch,
  type ExpertView,
  LANGUAGE_LEVELS,
  LEVEL_POINTS,
  type LanguageLevel,
  MATCH_WEIGHTS,
  type MatchResult,
  REQUEST_STATES,
  type RequestState,
  TOPICS,
  type Topic,
} from '@probity/assistance';
import { type Page, ROLES, type Role, SEXES, type Sex, type UserView } from '@probity/identity';
import { DATE, DATE_TIME, LOCALE, UUID } from './common.response';

export class ExpertLanguageResponseDto {
  @ApiProperty({ example: 'ru', description: 'ISO 639 code' })
  language: string;

  @ApiProperty({ enum: LANGUAGE_LEVELS })
  level: LanguageLevel;
}

export class AvailabilityWindowResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ ...DATE, description: 'First day available' })
  from: string;

  @ApiProperty({ ...DATE, description: 'Last day available (included)' })
  to: string;

  @ApiProperty()
  note: string;
}

export class ExpertMissionResponseDto {
  @ApiProperty(UUID)
  missionId: string;

  @ApiProperty(UUID)
  requestId: string;

  @ApiProperty({ example: 'TAF-2026-7' })
  reference: string;

  @ApiProperty({ description: 'The request’s title, in the language it was written in' })
  title: string;

  @ApiProperty({ example: 'delivered' })
  status: string;

  @ApiProperty(DATE)
  startsOn: string;

  @ApiProperty(DATE)
  endsOn: string;

  @ApiProperty({ description: 'The mission’s lead expert' })
  lead: boolean;

  @ApiProperty({ description: 'How many evaluated the mission (participants, experts and the host)' })
  evaluations: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Mean of their 1–5 answers; null until at least 3 answered' })
  meanScore: number | null;
}

export class ExpertResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ ...UUID, nullable: true, description: 'Their account (role expert), once they have one' })
  userId: string | null;

  @ApiProperty({ example: 'Nino Beridze' })
  fullName: string;

  @ApiProperty({ example: 'n.beridze@example.org' })
  email: string;

  @ApiProperty({ enum: SEXES, nullable: true })
  sex: Sex | null;

  @ApiProperty({ example: 'GE', description: 'ISO 3166-1 alpha-2' })
  country: string;

  @ApiProperty({ ...UUID, nullable: true, description: 'The facility’s institution they work for (a request from it is a conflict)' })
  institutionId: string | null;

  @ApiProperty()
  organisation: string;

  @ApiProperty()
  publicOfficial: boolean;

  @ApiProperty({ enum: TOPICS, isArray: true })
  topics: Topic[];

  @ApiProperty({ type: [ExpertLanguageResponseDto] })
  languages: ExpertLanguageResponseDto[];

  @ApiProperty({ type: [AvailabilityWindowResponseDto], description: 'Earliest first' })
  availability: AvailabilityWindowResponseDto[];

  @ApiProperty({ ...DATE, nullable: true })
  vettedOn: string | null;

  @ApiProperty({ ...DATE, nullable: true })
  vettingExpiresOn: string | null;

  @ApiProperty({ description: 'Vetted, and the vetting runs at least to today' })
  vettingValid: boolean;

  @ApiProperty()
  bio: string;

  @ApiProperty(DATE_TIME)
  createdAt: string;

  @ApiProperty(DATE_TIME)
  updatedAt: string;

  @ApiProperty({ ...DATE_TIME, nullable: true, description: 'Taken off the roster: never matched, no longer changed' })
  archivedAt: string | null;
}

export class ExpertDetailResponseDto extends ExpertResponseDto {
  @ApiProperty({ type: [ExpertMissionResponseDto], description: 'The missions they are or were on, latest first' })
  missions: ExpertMissionResponseDto[];
}

export class ExpertPageResponseDto {
  @ApiProperty({ type: [ExpertResponseDto] })
  items: ExpertResponseDto[];

  @ApiProperty()
  total: number;
}

export class ExpertAccountUserResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles: Role[];

  @ApiProperty(LOCALE)
  locale: string;
}

export class ExpertAccountResponseDto {
  @ApiProperty({ type: ExpertDetailResponseDto })
  expert: ExpertDetailResponseDto;

  @ApiProperty({ type: ExpertAccountUserResponseDto })
  user: ExpertAccountUserResponseDto;
}

export class MatchRequestResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ example: 'TAF-2026-7' })
  reference: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ enum: REQUEST_STATES })
  status: RequestState;

  @ApiProperty({ enum: TOPICS })
  topic: Topic;

  @ApiProperty({ type: [String], example: ['ru', 'ka'] })
  languages: string[];

  @ApiProperty({ ...DATE, nullable: true })
  preferredFrom: string | null;

  @ApiProperty({ ...DATE, nullable: true })
  preferredTo: string | null;

  @ApiProperty(UUID)
  institutionId: string;
}

export class MatchWeightsResponseDto {
  @ApiProperty({ example: MATCH_WEIGHTS.topic, description: 'Points for an expert of the request’s topic' })
  topic: number;

  @ApiProperty({ example: MATCH_WEIGHTS.availability, description: 'Points for availability on every day asked (in proportion)' })
  availability: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: LEVEL_POINTS,
    description: 'Points per level, for each of the request’s languages the expert works in',
  })
  levels: Record<LanguageLevel, number>;
}

export class MatchPartsResponseDto {
  @ApiProperty({ description: 'The topic’s points (0 without it)' })
  topic: number;

  @ApiProperty({ description: 'The sum of the expert’s level points over the request’s languages' })
  languages: number;

  @ApiProperty({ description: 'Availability points: the weight × covered days / days asked (0 when the request has no dates)' })
  availability: number;
}

export class MatchFlagsResponseDto {
  @ApiProperty({ description: 'The expert works for the requesting institution, or their account belongs to its academy' })
  conflict: boolean;

  @ApiProperty({ description: 'Not vetted, or the vetting runs out before the request’s last day (before today without dates)' })
  vettingExpired: boolean;

  @ApiProperty()
  publicOfficial: boolean;
}

export class MatchLanguageResponseDto {
  @ApiProperty({ example: 'ru' })
  language: string;

  @ApiProperty({ enum: LANGUAGE_LEVELS })
  level: LanguageLevel;

  @ApiProperty({ example: 7 })
  points: number;
}

export class MatchResponseItemDto {
  @ApiProperty(UUID)
  expertId: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ example: 'GE' })
  country: string;

  @ApiProperty()
  organisation: string;

  @ApiProperty({ ...UUID, nullable: true })
  institutionId: string | null;

  @ApiProperty({ enum: TOPICS, isArray: true })
  topics: Topic[];

  @ApiProperty({ ...DATE, nullable: true })
  vettedOn: string | null;

  @ApiProperty({ ...DATE, nullable: true })
  vettingExpiresOn: string | null;

  @ApiProperty({ description: 'topic + languages + availability' })
  score: number;

  @ApiProperty({ type: MatchPartsResponseDto })
  parts: MatchPartsResponseDto;

  @ApiProperty({ type: [MatchLanguageResponseDto], description: 'The expert’s level in the request’s languages they work in' })
  languages: MatchLanguageResponseDto[];

  @ApiProperty({ description: 'The request asks for languages and the expert works in none of them: listed after all others' })
  noLanguage: boolean;

  @ApiProperty({ description: 'Days of the request’s dates the expert’s windows cover' })
  coveredDays: number;

  @ApiProperty({ description: 'Days from preferredFrom to preferredTo, both included (0 without dates)' })
  askedDays: number;

  @ApiProperty({ type: MatchFlagsResponseDto, description: 'Shown, never hiding the expert' })
  flags: MatchFlagsResponseDto;
}

export class MatchesResponseDto {
  @ApiProperty({ type: MatchRequestResponseDto })
  request: MatchRequestResponseDto;

  @ApiProperty({ type: MatchWeightsResponseDto })
  weights: MatchWeightsResponseDto;

  @ApiProperty({ type: [MatchResponseItemDto], description: 'Best first; experts with none of the request’s languages last' })
  items: MatchResponseItemDto[];
}

export function mapExpert(view: ExpertView): ExpertResponseDto {
  const e = view.expert;
  return {
    id: e.id,
    userId: e.userId,
    fullName: e.fullName,
    email: e.email,
    sex: e.sex,
    country: e.country,
    institutionId: e.institutionId,
    organisation: e.organisation,
    publicOfficial: e.publicOfficial,
    topics: e.topics,
    languages: view.languages.map((l) => ({ language: l.language, level: l.level })),
    availability: view.availability.map((w) => ({ id: w.id, from: w.from, to: w.to, note: w.note })),
    vettedOn: e.vettedOn,
    vettingExpiresOn: e.vettingExpiresOn,
    vettingValid: view.vettingValid,
    bio: e.bio,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
    archivedAt: e.archivedAt?.toISOString() ?? null,
  };
}

export function mapExpertDetail(view: ExpertView): ExpertDetailResponseDto {
  return {
    ...mapExpert(view),
    missions: (view.missions ?? []).map((m) => ({
      missionId: m.missionId,
      requestId: m.requestId,
      reference: m.reference,
      title: m.title,
      status: m.status,
      startsOn: m.startsOn,
      endsOn: m.endsOn,
      lead: m.lead,
      evaluations: m.evaluations,
      meanScore: m.meanScore,
    })),
  };
}

export function mapExpertPage(page: Page<ExpertView>): ExpertPageResponseDto {
  return { items: page.items.map(mapExpert), total: page.total };
}

export function mapExpertAccount(result: { expert: ExpertView; user: UserView }): ExpertAccountResponseDto {
  const { id, email, roles, locale } = result.user;
  return { expert: mapExpertDetail(result.expert), user: { id, email, roles, locale } };
}

export function mapMatch(m: ExpertMatch): MatchResponseItemDto {
  return {
    expertId: m.expertId,
    fullName: m.fullName,
    email: m.email,
    country: m.country,
    organisation: m.organisation,
    institutionId: m.institutionId,
    topics: m.topics,
    vettedOn: m.vettedOn,
    vettingExpiresOn: m.vettingExpiresOn,
    score: m.score,
    parts: { topic: m.topicPoints, languages: m.languagePoints, availability: m.availabilityPoints },
    languages: m.languages.map((l) => ({ language: l.language, level: l.level, points: l.points })),
    noLanguage: m.noLanguage,
    coveredDays: m.coveredDays,
    askedDays: m.askedDays,
    flags: { conflict: m.conflict, vettingExpired: m.vettingExpired, publicOfficial: m.publicOfficial },
  };
}

export function mapMatches(result: MatchResult): MatchesResponseDto {
  const r = result.request;
  return {
    request: {
      id: r.id,
      reference: r.reference,
      title: r.title,
      status: r.status,
      topic: r.topic,
      languages: r.languages,
      preferredFrom: r.preferredFrom,
      preferredTo: r.preferredTo,
      institutionId: r.institutionId,
    },
    weights: { topic: MATCH_WEIGHTS.topic, availability: MATCH_WEIGHTS.availability, levels: { ...LEVEL_POINTS } },
    items: result.items.map(mapMatch),
  };
}
