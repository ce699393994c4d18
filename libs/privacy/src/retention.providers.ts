import type { Provider } from '@nestjs/common';
import { PrivacyRetention, PrivacyRetentionRun } from './entities/privacy-retention.entity';
import { RetentionRepository } from './repositories/retention.repository';
import { RetentionService } from './retention.service';

/** Retention periods per academy and the nightly run that applies them (issue 16 point 4, ADR 0014). */
export const RETENTION_SERVICES: Provider[] = [RetentionService];
export const RETENTION_REPOSITORIES: Provider[] = [RetentionRepository];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const RETENTION_ENTITIES: Function[] = [PrivacyRetention, PrivacyRetentionRun];
