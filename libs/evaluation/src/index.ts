export * from './evaluation.module';
export * from './dto/surveys.dto';
export * from './survey-model';
export * from './surveys.service';
export * from './survey-answers.service';
export * from './survey-results.service';
export type { CohortSurvey } from './entities/survey-cohort.entity';
export type { SurveyTemplate } from './entities/survey-template.entity';
export type { TemplateSummary } from './repositories/surveys.repository';
export * from './dto/report.dto';
export * from './reports-model';
export * from './reports-labels';
export * from './reports.service';
export { type BarChart, knowledgeChart, peopleChart } from './exports/report-chart';
export { type ReportFile } from './exports/report-files';
export { type Cell } from './exports/report-table';
// Excel's rules for sheet names, for other contexts' workbooks (the facility dashboard).
export { sheetName } from './exports/report-xlsx';
// Follow-up waves (issue 13 point 3): their module, services, model and DTOs.
export * from './follow-ups.module';
export * from './follow-up-model';
export * from './dto/follow-ups.dto';
export * from './follow-ups.service';
export * from './follow-up-answers.service';
export * from './follow-up-results.service';
export * from './follow-up-invitations.service';
export type { FollowUpWave } from './entities/follow-up-wave.entity';
export type { FollowUpInvitation } from './entities/follow-up-invitation.entity';
export type { SupervisorContact } from './entities/follow-up-contact.entity';
// The indicator register (issue 13 point 4): its module, services, model and DTOs.
export * from './indicators.module';
export * from './indicators-model';
export * from './dto/indicators.dto';
export * from './indicators.service';
export * from './indicator-values.service';
export * from './indicator-chart';
export type { Indicator, IndicatorValue } from './entities/indicator.entity';
export * from './personal-data';
