// What the retention part of the privacy context exports.
export {
  RETENTION_REPORT_RUNS,
  RetentionService,
  yearsBefore,
  type AcademyRetentionRun,
  type RetentionDue,
  type RetentionPeriods,
  type RetentionRunResult,
  type RetentionSettings,
} from './retention.service';
export { RETENTION_LIMITS, SetRetentionDto } from './dto/retention.dto';
export type { StoredRetentionRun } from './repositories/retention.repository';
export type { PrivacyRetention, PrivacyRetentionRun } from './entities/privacy-retention.entity';
