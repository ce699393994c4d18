import type { Provider } from '@nestjs/common';
import { CooperationReportingService } from './reporting.service';
import { ReportingRepository } from './repositories/reporting.repository';

/** The reporting part of the cooperation context: services exported, repositories kept inside. */
export const REPORTING_SERVICES: Provider[] = [CooperationReportingService];
export const REPORTING_REPOSITORIES: Provider[] = [ReportingRepository];
