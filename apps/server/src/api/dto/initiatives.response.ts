/** Cooperation initiatives (/api/v1/initiatives...): initiatives, members by consent, participants, register, materials. */
import { ApiProperty } from '@nestjs/swagger';
import { type AssistanceInstitution, INSTITUTION_KINDS, TOPICS } from '@probity/assistance';
import {
  INITIATIVE_FORMATS,
  INITIATIVE_MOVES,
  INITIATIVE_STATES,
  type InitiativeMove,
  type InitiativeParticipantView,
  type InitiativeRegisterView,
  type InitiativeView,
  MEMBERSHIP_STATES,
  type MaterialInfo,
} from '@probity/cooperation';
import { AGENCY_TYPES, PERSON_FUNCTIONS, type Page, SEXES } from '@probity/identity';
import { type Locale, pick, translate } from '@probity/i18n';
import { DATE, DATE_TIME, LOCALE_MAP, UUID } from './common.response';

const MOVES = Object.keys(INITIATIVE_MOVES) as InitiativeMove[];
const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export class InitiativeAgendaItemResponseDto {
  @ApiProperty(DATE)
  day: string;

  @ApiProperty({ example: '09:30' })
  time: string;

  @ApiProperty()
  topic: string;
}

export class InitiativeMemberResponseDto {
  @ApiProperty(UUID)
  institutionId: string;

  @ApiProperty({ enum: INSTITUTION_KINDS })
  kind: string;

  @ApiProperty({ ...UUID, nullable: true, description: 'The academy, when the institution is one' })
  academyId: string | null;

  @ApiProperty(LOCALE_MAP)
  name: Record<string, string>;

  @ApiProperty({ description: 'The name in the reader’s language' })
  nameText: string;

  @ApiProperty({ enum: MEMBERSHIP_STATES, description: 'An academy is invited until its administrator accepts' })
  status: string;

  @ApiProperty()
  statusText: string;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  decidedAt: string | null;

  @ApiProperty({ description: 'The reader speaks for this invited institution and may accept or decline' })
  mayDecide: boolean;

  @ApiProperty({ description: 'The reader (an owner) may take the institution off' })
  mayRemove: boolean;
}

export class InitiativeFollowUpResponseDto {
  @ApiProperty({ enum: [3, 6] })
  wave: number;

  @ApiProperty(DATE)
  dueOn: string;
}

export class InitiativeCohortLinkResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty()
  name: string;
}

export class InitiativeMissionLinkResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ type: String, nullable: true, description: 'The mission’s request reference, when the reader may see the mission' })
  reference: string | null;
}

export class InitiativeResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ example: 'CI-2027-1' })
  reference: string;

  @ApiProperty({ ...UUID, nullable: true, description: 'The academy that runs it; null: the facility' })
  leadAcademyId: string | null;

  @ApiProperty({ type: String, nullable: true })
  leadAcademyName: string | null;

  @ApiProperty(LOCALE_MAP)
  title: Record<string, string>;

  @ApiProperty({ description: 'The title in the reader’s language (or the nearest one)' })
  titleText: string;

  @ApiProperty(LOCALE_MAP)
  purpose: Record<string, string>;

  @ApiProperty()
  purposeText: string;

  @ApiProperty({ enum: INITIATIVE_FORMATS })
  format: string;

  @ApiProperty()
  formatText: string;

  @ApiProperty({ enum: TOPICS })
  topic: string;

  @ApiProperty()
  topicText: string;

  @ApiProperty({ enum: INITIATIVE_STATES })
  status: string;

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

  @ApiProperty({ type: [InitiativeAgendaItemResponseDto], description: 'Empty for an invitation' })
  agenda: InitiativeAgendaItemResponseDto[];

  @ApiProperty({ description: 'Empty for an invitation' })
  budgetLine: string;

  @ApiProperty({ description: 'The reader runs the initiative' })
  owner: boolean;

  @ApiProperty({ description: 'The reader sees only the invitation: nothing of people, links, agenda or files' })
  invitation: boolean;

  @ApiProperty({ type: [InitiativeMemberResponseDto] })
  members: InitiativeMemberResponseDto[];

  @ApiProperty({ type: [InitiativeCohortLinkResponseDto] })
  cohorts: InitiativeCohortLinkResponseDto[];

  @ApiProperty({ type: [InitiativeMissionLinkResponseDto] })
  missions: InitiativeMissionLinkResponseDto[];

  @ApiProperty({ type: [InitiativeFollowUpResponseDto] })
  followUps: InitiativeFollowUpResponseDto[];

  @ApiProperty({ description: 'Participants the reader may see' })
  participantCount: number;

  @ApiProperty({ enum: MOVES, isArray: true, description: 'The moves the reader may make now' })
  actions: string[];

  @ApiProperty()
  editable: boolean;

  @ApiProperty()
  managesMembers: boolean;

  @ApiProperty()
  keepsParticipants: boolean;

  @ApiProperty()
  uploadsMaterials: boolean;

  @ApiProperty(DATE_TIME)
  createdAt: string;
}

export class InitiativePageResponseDto {
  @ApiProperty({ type: [InitiativeResponseDto] })
  items: InitiativeResponseDto[];

  @ApiProperty()
  total: number;
}

export class InitiativeParticipantResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty(UUID)
  institutionId: string;

  @ApiProperty({ ...UUID, nullable: true, description: 'A person of Probity; null for a guest' })
  userId: string | null;

  @ApiProperty()
  fullName: string;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty({ enum: SEXES, nullable: true })
  sex: string | null;

  @ApiProperty({ enum: AGENCY_TYPES, nullable: true })
  agencyType: string | null;

  @ApiProperty({ enum: PERSON_FUNCTIONS, nullable: true })
  function: string | null;

  @ApiProperty({ type: String, nullable: true })
  country: string | null;

  @ApiProperty()
  organisation: string;

  @ApiProperty({ description: 'Takes part with an account' })
  account: boolean;
}

export class InitiativeRegisterRowResponseDto {
  @ApiProperty({ type: InitiativeParticipantResponseDto })
  participant: InitiativeParticipantResponseDto;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'boolean', nullable: true },
    description: 'Day → present (null: not marked)',
  })
  marks: Record<string, boolean | null>;

  @ApiProperty()
  daysPresent: number;
}

export class InitiativeRegisterResponseDto {
  @ApiProperty({ type: [String], format: 'date' })
  days: string[];

  @ApiProperty({ type: [InitiativeRegisterRowResponseDto] })
  rows: InitiativeRegisterRowResponseDto[];
}

export class InitiativeMaterialResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty()
  fileName: string;

  @ApiProperty({ example: 'application/pdf' })
  mediaType: string;

  @ApiProperty()
  size: number;

  @ApiProperty({ example: 'e3b0c442…' })
  sha256: string;

  @ApiProperty(DATE_TIME)
  createdAt: string;
}

export function mapInitiative(v: InitiativeView, locale: Locale): InitiativeResponseDto {
  const i = v.initiative;
  return {
    id: i.id,
    reference: i.reference,
    leadAcademyId: i.leadAcademyId,
    leadAcademyName: v.leadAcademy ? pick(v.leadAcademy.name, locale).text : null,
    title: i.title,
    titleText: pick(i.title, locale).text,
    purpose: i.purpose,
    purposeText: pick(i.purpose, locale).text,
    format: i.format,
    formatText: translate(locale, `cooperation:formats.${i.format}`),
    topic: i.topic,
    topicText: translate(locale, `assistance:topics.${i.topic}`),
    status: i.status,
    statusText: translate(locale, `cooperation:states.${i.status}`),
    startsOn: i.startsOn,
    endsOn: i.endsOn,
    venue: i.venue,
    online: i.online,
    agenda: v.invitation ? [] : i.agenda.map(({ day, time, topic }) => ({ day, time, topic })),
    budgetLine: v.invitation ? '' : i.budgetLine,
    owner: v.owner,
    invitation: v.invitation,
    members: v.members.map((m) => ({
      institutionId: m.institution.id,
      kind: m.institution.kind,
      academyId: m.institution.academyId,
      name: m.institution.name,
      nameText: pick(m.institution.name, locale).text,
      status: m.membership.status,
      statusText: translate(locale, `cooperation:memberships.${m.membership.status}`),
      decidedAt: iso(m.membership.decidedAt),
      mayDecide: m.mayDecide,
      mayRemove: m.mayRemove,
    })),
    cohorts: v.cohorts.map((c) => ({ id: c.id, name: c.name })),
    missions: v.missions.map((m) => ({ id: m.id, reference: m.reference })),
    followUps: v.followUps.map((f) => ({ wave: f.wave, dueOn: f.dueOn })),
    participantCount: v.participantCount,
    actions: v.actions,
    editable: v.editable,
    managesMembers: v.managesMembers,
    keepsParticipants: v.keepsParticipants,
    uploadsMaterials: v.uploadsMaterials,
    createdAt: iso(i.createdAt)!,
  };
}

export function mapInitiativePage(page: Page<InitiativeView>, locale: Locale): InitiativePageResponseDto {
  return { items: page.items.map((v) => mapInitiative(v, locale)), total: page.total };
}

export function mapInitiativeParticipant(v: InitiativeParticipantView): InitiativeParticipantResponseDto {
  const p = v.participant;
  return {
    id: p.id,
    institutionId: p.institutionId,
    userId: p.userId,
    fullName: p.fullName,
    email: p.email,
    sex: p.sex,
    agencyType: p.agencyType,
    function: p.function,
    country: p.country,
    organisation: p.organisation,
    account: v.account,
  };
}

export function mapInitiativeRegister(r: InitiativeRegisterView): InitiativeRegisterResponseDto {
  return {
    days: r.days,
    rows: r.rows.map((row) => ({
      participant: mapInitiativeParticipant({ participant: row.participant, account: row.participant.userId !== null }),
      marks: row.marks,
      daysPresent: row.daysPresent,
    })),
  };
}

export function mapInitiativeMaterial(m: MaterialInfo): InitiativeMaterialResponseDto {
  return { id: m.id, fileName: m.fileName, mediaType: m.mediaType, size: m.size, sha256: m.sha256, createdAt: iso(m.createdAt)! };
}

/** An institution an owner may add to an initiative (GET /api/v1/initiatives/:id/candidates). */
export class InitiativeCandidateResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: INSTITUTION_KINDS })
  kind: string;

  @ApiProperty({ description: 'Its name in the caller’s language' })
  name: string;

  @ApiProperty({ type: String, nullable: true, example: 'UA', description: 'Null for a regional organisation' })
  country: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The academy, for an academy' })
  academyId: string | null;
}

export function mapCandidates(rows: AssistanceInstitution[], locale: Locale): InitiativeCandidateResponseDto[] {
  return rows.map((i) => ({ id: i.id, kind: i.kind, name: pick(i.name, locale).text, country: i.country, academyId: i.academyId }));
}
