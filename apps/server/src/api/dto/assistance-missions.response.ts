/** Missions of the Technical Assistance Facility (/api/v1/assistance/missions...), participants, register, certificates. */
import { ApiProperty } from '@nestjs/swagger';
import {
  FORMATS,
  MISSION_MOVES,
  MISSION_STATES,
  type MissionMove,
  type MissionState,
  type MissionSummary,
  type MissionView,
  type ParticipantView,
  type ParticipationCertificateView,
  type ParticipationVerification,
  type RegisterView,
  TOPICS,
} from '@probity/assistance';
import { AGENCY_TYPES, PERSON_FUNCTIONS, type Page, SEXES } from '@probity/identity';
import { type Locale, pick, translate } from '@probity/i18n';
import { DATE, DATE_TIME, LOCALE_MAP, OBJECT, UUID } from './common.response';

const MOVES = Object.keys(MISSION_MOVES) as MissionMove[];
const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export class AgendaItemResponseDto {
  @ApiProperty(DATE)
  day: string;

  @ApiProperty({ example: '09:30' })
  time: string;

  @ApiProperty()
  topic: string;
}

export class MissionExpertResponseDto {
  @ApiProperty(UUID)
  expertId: string;

  @ApiProperty({ ...UUID, nullable: true, description: 'The expert’s account, if they have one' })
  userId: string | null;

  @ApiProperty()
  fullName: string;

  @ApiProperty({ example: 'GE' })
  country: string;

  @ApiProperty({ description: 'The lead expert (exactly one per mission)' })
  lead: boolean;

  @ApiProperty({ description: 'Taken off the roster since joining the mission' })
  archived: boolean;

  @ApiProperty({
    description: 'The expert works for the requesting institution, or their account belongs to its academy',
  })
  conflict: boolean;

  @ApiProperty({ description: 'Not vetted, or the vetting expires before the mission’s last day' })
  vettingExpired: boolean;

  @ApiProperty({ ...DATE, nullable: true })
  vettingExpiresOn: string | null;
}

export class MissionRequestResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ example: 'TAF-2026-0001' })
  reference: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ description: 'The language the request is written in' })
  locale: string;

  @ApiProperty({ enum: TOPICS })
  topic: string;

  @ApiProperty({ enum: FORMATS })
  format: string;
}

export class MissionInstitutionResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ ...UUID, nullable: true })
  academyId: string | null;

  @ApiProperty({ description: 'Its name in the caller’s language (or the nearest there is)' })
  name: string;
}

export class MissionFollowUpResponseDto {
  @ApiProperty({ enum: [3, 6], description: 'Months after the mission’s last day' })
  wave: number;

  @ApiProperty(DATE)
  dueOn: string;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  notifiedAt: string | null;
}

export class MissionCohortResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty()
  name: string;
}

export class IssuingAcademyResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ example: 'GEA' })
  code: string;

  @ApiProperty(LOCALE_MAP)
  name: Record<string, string>;
}

export class MissionSummaryResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty(UUID)
  requestId: string;

  @ApiProperty({ example: 'TAF-2026-0001' })
  reference: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  locale: string;

  @ApiProperty({ type: MissionInstitutionResponseDto })
  institution: MissionInstitutionResponseDto;

  @ApiProperty({ enum: MISSION_STATES })
  status: MissionState;

  @ApiProperty({ description: 'Where it stands, in the caller’s language' })
  statusText: string;

  @ApiProperty(DATE)
  startsOn: string;

  @ApiProperty(DATE)
  endsOn: string;

  @ApiProperty()
  venue: string;

  @ApiProperty()
  online: boolean;

  @ApiProperty({ ...UUID, nullable: true, description: 'Run as this cohort (attendance, tests and certificates are the cohort’s)' })
  cohortId: string | null;
}

export class MissionPageResponseDto {
  @ApiProperty({ type: [MissionSummaryResponseDto] })
  items: MissionSummaryResponseDto[];

  @ApiProperty()
  total: number;
}

export class MissionResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ type: MissionRequestResponseDto })
  request: MissionRequestResponseDto;

  @ApiProperty({ type: MissionInstitutionResponseDto })
  institution: MissionInstitutionResponseDto;

  @ApiProperty({ enum: MISSION_STATES })
  status: MissionState;

  @ApiProperty()
  statusText: string;

  @ApiProperty(DATE)
  startsOn: string;

  @ApiProperty(DATE)
  endsOn: string;

  @ApiProperty()
  venue: string;

  @ApiProperty()
  online: boolean;

  @ApiProperty({ type: [AgendaItemResponseDto] })
  agenda: AgendaItemResponseDto[];

  @ApiProperty({ type: [MissionExpertResponseDto], description: 'The lead first' })
  experts: MissionExpertResponseDto[];

  @ApiProperty({ type: MissionCohortResponseDto, nullable: true })
  cohort: MissionCohortResponseDto | null;

  @ApiProperty({ type: IssuingAcademyResponseDto, nullable: true, description: 'Whose key signs certificates of participation' })
  issuingAcademy: IssuingAcademyResponseDto | null;

  @ApiProperty({ type: [MissionFollowUpResponseDto], description: 'Scheduled when the mission is delivered' })
  followUps: MissionFollowUpResponseDto[];

  @ApiProperty()
  participantCount: number;

  @ApiProperty()
  certificateCount: number;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  deliveredAt: string | null;

  @ApiProperty(DATE_TIME)
  createdAt: string;

  @ApiProperty(DATE_TIME)
  updatedAt: string;

  @ApiProperty({ enum: MOVES, isArray: true, description: 'The moves the caller may make now' })
  actions: MissionMove[];

  @ApiProperty({ description: 'The caller may change the plan, experts and cohort (a manager, while planned or running)' })
  editable: boolean;

  @ApiProperty({ description: 'The caller keeps participants and the register (a manager or the lead expert)' })
  keepsRegister: boolean;

  @ApiProperty({ description: 'The caller may issue certificates of participation now' })
  mayIssue: boolean;
}

export class ParticipantResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ ...UUID, nullable: true, description: 'A learner of Probity; null for a guest' })
  userId: string | null;

  @ApiProperty()
  learner: boolean;

  @ApiProperty()
  fullName: string;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty({ enum: SEXES, nullable: true, description: 'Guests only (a learner’s is on their account)' })
  sex: string | null;

  @ApiProperty({ enum: AGENCY_TYPES, nullable: true })
  agencyType: string | null;

  @ApiProperty({ enum: PERSON_FUNCTIONS, nullable: true })
  function: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'KZ' })
  country: string | null;

  @ApiProperty()
  organisation: string;

  @ApiProperty({ type: String, nullable: true, description: 'Their certificate of participation’s code, once issued' })
  certificateCode: string | null;

  @ApiProperty(DATE_TIME)
  createdAt: string;
}

export class RegisterRowResponseDto {
  @ApiProperty({ type: ParticipantResponseDto })
  participant: ParticipantResponseDto;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'boolean', nullable: true },
    description: 'Day → present (true), absent (false), not marked (null)',
  })
  marks: Record<string, boolean | null>;

  @ApiProperty()
  daysPresent: number;
}

export class RegisterResponseDto {
  @ApiProperty({ type: [String], format: 'date', description: 'Each day of the mission' })
  days: string[];

  @ApiProperty({ type: [RegisterRowResponseDto] })
  rows: RegisterRowResponseDto[];
}

export class ParticipationCertificateResponseDto {
  @ApiProperty(UUID)
  participantId: string;

  @ApiProperty({ example: 'TAP-7KQ4-M9XT' })
  code: string;

  @ApiProperty({ ...OBJECT, description: 'The signed record' })
  record: Record<string, unknown>;

  @ApiProperty({ description: 'The signing key’s id (academy code + key id)' })
  kid: string;

  @ApiProperty(DATE_TIME)
  issuedAt: string;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  revokedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  revokedReason: string | null;
}

export class ParticipationIssuedResponseDto {
  @ApiProperty({ description: 'How many were issued now (0 when every participant present has one)' })
  issued: number;

  @ApiProperty({ type: [ParticipationCertificateResponseDto] })
  certificates: ParticipationCertificateResponseDto[];
}

export class ParticipationVerificationResponseDto {
  @ApiProperty({ example: 'TAP-7KQ4-M9XT' })
  code: string;

  @ApiProperty({ description: 'The signature holds against the issuing academy’s key' })
  valid: boolean;

  @ApiProperty()
  revoked: boolean;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  revokedAt: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why it was revoked' })
  revokedReason: string | null;

  @ApiProperty()
  kid: string;

  @ApiProperty({ description: 'The holder’s details were erased at their request: valid says the record as issued held then' })
  holderErased: boolean;

  @ApiProperty({
    ...OBJECT,
    description:
      '{type:"participation", code, holder:{fullName}, mission:{reference,title,format,topic,startsOn,endsOn,venue,online}, issuer:{code,name}, daysPresent, daysTotal, issuedAt}',
  })
  record: Record<string, unknown>;
}

// ---- mappers ------------------------------------------------------------------------------------------

export function mapMissionSummary(s: MissionSummary, locale: Locale): MissionSummaryResponseDto {
  const m = s.mission;
  return {
    id: m.id,
    requestId: m.requestId,
    reference: s.reference,
    title: s.title,
    locale: s.locale,
    institution: { id: s.institution.id, academyId: s.institution.academyId, name: pick(s.institution.name, locale).text },
    status: m.status,
    statusText: translate(locale, `missions:states.${m.status}`),
    startsOn: m.startsOn,
    endsOn: m.endsOn,
    venue: m.venue,
    online: m.online,
    cohortId: m.cohortId,
  };
}

export function mapMissionPage(page: Page<MissionSummary>, locale: Locale): MissionPageResponseDto {
  return { items: page.items.map((s) => mapMissionSummary(s, locale)), total: page.total };
}

export function mapMission(v: MissionView, locale: Locale): MissionResponseDto {
  const m = v.mission;
  return {
    id: m.id,
    request: {
      id: v.request.id,
      reference: v.request.reference,
      title: v.request.title,
      locale: v.request.locale,
      topic: v.request.topic,
      format: v.request.format,
    },
    institution: { id: v.institution.id, academyId: v.institution.academyId, name: pick(v.institution.name, locale).text },
    status: m.status,
    statusText: translate(locale, `missions:states.${m.status}`),
    startsOn: m.startsOn,
    endsOn: m.endsOn,
    venue: m.venue,
    online: m.online,
    agenda: m.agenda.map(({ day, time, topic }) => ({ day, time, topic })),
    experts: v.experts.map((e) => ({
      expertId: e.id,
      userId: e.userId,
      fullName: e.fullName,
      country: e.country,
      lead: e.lead,
      archived: e.archived,
      conflict: e.conflict,
      vettingExpired: e.vettingExpired,
      vettingExpiresOn: e.vettingExpiresOn,
    })),
    cohort: v.cohort,
    issuingAcademy: v.issuingAcademy ? { ...v.issuingAcademy, name: { ...v.issuingAcademy.name } } : null,
    followUps: v.followUps.map((f) => ({ wave: f.wave, dueOn: f.dueOn, notifiedAt: iso(f.notifiedAt) })),
    participantCount: v.participantCount,
    certificateCount: v.certificateCount,
    deliveredAt: iso(m.deliveredAt),
    createdAt: new Date(m.createdAt).toISOString(),
    updatedAt: new Date(m.updatedAt).toISOString(),
    actions: v.actions,
    editable: v.editable,
    keepsRegister: v.keepsRegister,
    mayIssue: v.mayIssue,
  };
}

export function mapParticipant(v: ParticipantView): ParticipantResponseDto {
  const p = v.participant;
  return {
    id: p.id,
    userId: p.userId,
    learner: v.learner,
    fullName: p.fullName,
    email: p.email,
    sex: p.sex,
    agencyType: p.agencyType,
    function: p.function,
    country: p.country,
    organisation: p.organisation,
    certificateCode: v.certificateCode,
    createdAt: new Date(p.createdAt).toISOString(),
  };
}

export function mapRegister(r: RegisterView): RegisterResponseDto {
  return {
    days: r.days,
    rows: r.rows.map((row) => ({
      participant: mapParticipant({ participant: row.participant, learner: row.participant.userId !== null, certificateCode: null }),
      marks: row.marks,
      daysPresent: row.daysPresent,
    })),
  };
}

export function mapParticipationCertificate(c: ParticipationCertificateView): ParticipationCertificateResponseDto {
  return {
    participantId: c.participantId,
    code: c.code,
    record: c.record as unknown as Record<string, unknown>,
    kid: c.kid,
    issuedAt: new Date(c.issuedAt).toISOString(),
    revokedAt: iso(c.revokedAt),
    revokedReason: c.revokedReason,
  };
}

export function mapParticipationVerification(v: ParticipationVerification): ParticipationVerificationResponseDto {
  return {
    code: v.code,
    valid: v.valid,
    revoked: v.revoked,
    revokedAt: iso(v.revokedAt),
    revokedReason: v.revokedReason,
    kid: v.kid,
    holderErased: v.holderErased,
    record: v.record as unknown as Record<string, unknown>,
  };
}
