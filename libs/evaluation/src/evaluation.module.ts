import { Module } from '@nestjs/common';

/**
 * Evaluation and results (issue 13, ADR 0010): reaction surveys, follow-up waves, indicators and training reports.
 * It reads other contexts only through their services and the `report_*` views they publish.
 */
@Module({ imports: [], providers: [], exports: [] })
export class EvaluationModule {}
