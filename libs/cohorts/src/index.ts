export * from './attendance.service';
export * from './cohort-access.service';
export * from './cohort-tasks.service';
export * from './cohorts.module';
export * from './cohorts.service';
export * from './completion';
export * from './dto/cohort.dto';
export * from './enrolments.service';
export * from './cohort-status';
export {
  COHORT_STATES,
  type CohortState,
  COHORT_STATUSES,
  EXCUSED_RULES,
  DEFAULT_RULES,
  PARTNER_STATUSES,
  type CohortStatus,
  type ExcusedRule,
  type CompletionRules,
  type PartnerStatus,
  type Cohort,
} from './entities/cohort.entity';
export { ENROLMENT_STATUSES, type EnrolmentStatus } from './entities/enrolment.entity';
export { NOTIFICATION_KINDS, type NotificationKind } from './entities/progress.entity';
export { ATTENDANCE_STATUSES, type AttendanceStatus } from './entities/session.entity';
export * from './notifications.service';
export * from './partners.service';
export * from './progress.service';
export type { OpenEnrolment } from './repositories/enrolment.repository';
export type { PartnerInvitation, PartnerView } from './repositories/partner.repository';
export * from './personal-data';
