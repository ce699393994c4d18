// What the facility's dashboard part of the assistance context exports (services, DTOs, report shapes, labels).
export * from './dto/facility-report.dto';
export {
  COUNTED_REQUEST_STATES,
  type Counted,
  type FacilityFilters,
  type FacilityReport,
  FacilityReportService,
  type FacilityWorklists,
} from './facility-report.service';
export {
  FACILITY_FORMATS,
  type FacilityFile,
  type FacilityFormat,
  type FacilitySection,
  type FacilityTable,
  type FacilityText,
  facilityText,
} from './facility-report-files';
export type { AwaitingRequest, OverdueRecommendation } from './repositories/facility-report.repository';
