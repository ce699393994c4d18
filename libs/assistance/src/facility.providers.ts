import type { Provider } from '@nestjs/common';
import { FacilityReportService } from './facility-report.service';
import { FacilityReportRepository } from './repositories/facility-report.repository';

/** The facility's dashboard and its exports (issue 14 point 6): services exported, repositories kept inside. */
export const FACILITY_SERVICES: Provider[] = [FacilityReportService];
export const FACILITY_REPOSITORIES: Provider[] = [FacilityReportRepository];
