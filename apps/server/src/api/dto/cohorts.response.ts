/** Cohorts: a cohort, its trainers, partners and sessions, its rules, closing it, and invitations to partner academies. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  COHORT_STATUSES,
  EXCUSED_RULES,
  PARTNER_STATUSES,
  type AttendanceService,
  type CohortsService,
  type CompletionRules,
  type PartnerInvitation,
  type PartnerView,
  type PartnersService,
} from '@probity/cohorts';
import { type Answer, DATE, DATE_TIME, LOCALE, LOCALE_MAP, UUID, UUIDS } from './common.response';

type Cohort = Answer<CohortsService, 'create'>;
type Session = Answer<AttendanceService, 'addSession'>;
type Details = Answer<CohortsService, 'details'>;

export class CompletionRulesResponseDto {
  @ApiProperty({ description: 'Share of held sessions a learner must attend (present or late)' })
  minAttendancePercent: number;

  @ApiProperty()
  requireAllLessons: boolean;

  @ApiProperty({ enum: EXCUSED_RULES, description: 'How an excused absence counts' })
  excused: string;

  @ApiProperty({ ...UUIDS, nullable: true, description: 'null: every post-test and case exercise of the version' })
  requiredAssessmentIds: string[] | null;
}

export class CohortResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty(UUID)
  academyId: string;

  @ApiProperty(UUID)
  courseVersionId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ ...LOCALE, description: 'The language the cohort is taught in' })
  locale: string;

  @ApiProperty(DATE)
  startsOn: string;

  @ApiProperty(DATE)
  endsOn: string;

  @ApiProperty({ type: Number, nullable: true })
  capacity: number | null;

  @ApiProperty({ type: String, nullable: true })
  venue: string | null;

  @ApiProperty({ enum: COHORT_STATUSES })
  status: string;

  @ApiProperty({ type: CompletionRulesResponseDto })
  completion: CompletionRules;

  @ApiProperty(DATE_TIME)
  createdAt: Date;

  @ApiPropertyOptional({ ...DATE_TIME, nullable: true })
  closedAt?: Date | null;
}

export class CohortListItemResponseDto extends CohortResponseDto {
  @ApiProperty({ description: 'Enrolments that are not withdrawn' })
  enrolled: number;
}

export class CohortPageResponseDto {
  @ApiProperty({ type: [CohortListItemResponseDto] })
  items: CohortListItemResponseDto[];

  @ApiProperty()
  total: number;
}

export class TrainerResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty()
  fullName: string;
}

export class PartnerResponseDto {
  @ApiProperty(UUID)
  academyId: string;

  @ApiProperty({ enum: PARTNER_STATUSES })
  status: string;

  @ApiProperty(DATE_TIME)
  invitedAt: Date;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  decidedAt: Date | null;

  @ApiProperty({ type: String, nullable: true, description: 'Who invited, by name' })
  invitedBy: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Who decided, by name' })
  decidedBy: string | null;
}

export class SessionResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty(UUID)
  cohortId: string;

  @ApiProperty(DATE_TIME)
  startsAt: Date;

  @ApiProperty(DATE_TIME)
  endsAt: Date;

  @ApiProperty({ type: String, nullable: true })
  venue: string | null;

  @ApiProperty({ type: String, nullable: true })
  title: string | null;

  @ApiPropertyOptional({ ...DATE_TIME, nullable: true, description: 'When the register was first saved' })
  registerTakenAt?: Date | null;
}

export class CohortDetailsResponseDto extends CohortResponseDto {
  @ApiProperty({ type: [TrainerResponseDto] })
  trainers: TrainerResponseDto[];

  @ApiProperty({ ...UUIDS, description: 'Every partner academy invited, whatever it decided' })
  partnerAcademyIds: string[];

  @ApiProperty({ type: [PartnerResponseDto] })
  partners: PartnerResponseDto[];

  @ApiProperty({ type: [SessionResponseDto] })
  sessions: SessionResponseDto[];
}

export class RequiredAssessmentsResponseDto {
  @ApiProperty({ ...UUIDS, description: 'The assessments learners must pass' })
  required: string[];

  @ApiProperty({ description: 'Learners who completed because of the change' })
  completed: number;
}

export class CohortClosedResponseDto {
  @ApiProperty()
  completed: number;

  @ApiProperty({ description: 'Learners now not_completed, with the rules they did not meet' })
  notCompleted: number;
}

export class PartnerInvitationResponseDto {
  @ApiProperty(UUID)
  cohortId: string;

  @ApiProperty()
  cohortName: string;

  @ApiProperty(UUID)
  ownerAcademyId: string;

  @ApiProperty(UUID)
  courseVersionId: string;

  @ApiProperty({ type: String, description: 'The cohort’s first day' })
  startsOn: string;

  @ApiProperty({ type: String, description: 'The cohort’s last day' })
  endsOn: string;

  @ApiProperty({ enum: COHORT_STATUSES })
  cohortStatus: string;

  @ApiProperty({ enum: PARTNER_STATUSES })
  status: string;

  @ApiProperty(DATE_TIME)
  invitedAt: Date;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  decidedAt: Date | null;

  @ApiProperty({ type: String, nullable: true, description: 'Who invited, by name' })
  invitedBy: string | null;

  @ApiProperty({ ...LOCALE_MAP, nullable: true, description: 'The course’s title in every language it has' })
  courseTitle: Record<string, string> | null;
}

export class PartnerInvitationsResponseDto {
  @ApiProperty({ type: [PartnerInvitationResponseDto], description: 'Pending first' })
  items: PartnerInvitationResponseDto[];
}

export function mapCohort(cohort: Cohort): CohortResponseDto {
  return {
    id: cohort.id,
    academyId: cohort.academyId,
    courseVersionId: cohort.courseVersionId,
    name: cohort.name,
    locale: cohort.locale,
    startsOn: cohort.startsOn,
    endsOn: cohort.endsOn,
    capacity: cohort.capacity,
    venue: cohort.venue,
    status: cohort.status,
    completion: cohort.completion,
    createdAt: cohort.createdAt,
    closedAt: cohort.closedAt,
  };
}

export function mapCohortPage(page: Answer<CohortsService, 'list'>): CohortPageResponseDto {
  return { items: page.items.map((c) => ({ ...mapCohort(c), enrolled: c.enrolled })), total: page.total };
}

export function mapPartner(partner: PartnerView): PartnerResponseDto {
  return {
    academyId: partner.academyId,
    status: partner.status,
    invitedAt: partner.invitedAt,
    decidedAt: partner.decidedAt,
    invitedBy: partner.invitedBy,
    decidedBy: partner.decidedBy,
  };
}

export function mapSession(session: Session): SessionResponseDto {
  return {
    id: session.id,
    cohortId: session.cohortId,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    venue: session.venue,
    title: session.title,
    registerTakenAt: session.registerTakenAt,
  };
}

export function mapCohortDetails({ access, trainers, partners, sessions }: Details): CohortDetailsResponseDto {
  return {
    ...mapCohort(access.cohort),
    trainers: trainers.map((t) => ({ id: t.id, fullName: t.fullName })),
    partnerAcademyIds: partners.map((p) => p.academyId),
    partners: partners.map(mapPartner),
    sessions: sessions.map(mapSession),
  };
}

export function mapRequiredAssessments(result: Answer<CohortsService, 'setRequiredAssessments'>): RequiredAssessmentsResponseDto {
  return { required: result.required, completed: result.completed };
}

export function mapCohortClosed(result: Answer<CohortsService, 'close'>): CohortClosedResponseDto {
  return { completed: result.completed, notCompleted: result.notCompleted };
}

export function mapInvitations(invitations: Answer<PartnersService, 'invitations'>): PartnerInvitationsResponseDto {
  return {
    items: invitations.map((i: PartnerInvitation) => ({
      cohortId: i.cohortId,
      cohortName: i.cohortName,
      ownerAcademyId: i.ownerAcademyId,
      courseVersionId: i.courseVersionId,
      startsOn: i.startsOn,
      endsOn: i.endsOn,
      cohortStatus: i.cohortStatus,
      status: i.status,
      invitedAt: i.invitedAt,
      decidedAt: i.decidedAt,
      invitedBy: i.invitedBy,
      courseTitle: i.courseTitle,
    })),
  };
}
