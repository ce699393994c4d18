// What the export part of the privacy context exports.
export { EXPORT_QUEUE, EXPORT_JOB, PrivacyExportsService, type ExportResult, type ExportView, summary } from './export.service';
export { EXPORT_CATEGORIES, EXPORT_PLAN, NOT_LINKABLE, type ExportCategory, type ExportPlanEntry } from './export-plan';
