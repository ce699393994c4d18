// What the reporting part of the cooperation context exports (the service, its DTO, report shapes and words).
export * from './dto/reporting.dto';
export {
  CooperationReportingService,
  type CooperationFilters,
  type CooperationReport,
  type CountryMatrix,
  type Counted as CooperationCounted,
} from './reporting.service';
export {
  COOPERATION_FORMATS,
  type CooperationFile,
  type CooperationFormat,
  type CooperationTable,
  type CooperationText,
  cooperationText,
  monthName,
} from './reporting-files';
export { ACTION_ITEM_OVERDUE_SQL, type ActionItemFigures, type OutcomeGroup } from './repositories/reporting.repository';
