import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@probity/audit';
import { CohortsModule } from '@probity/cohorts';
import { IdentityModule } from '@probity/identity';
import { Indicator, IndicatorValue } from './entities/indicator.entity';
import { IndicatorMeasuresService } from './indicator-measures.service';
import { IndicatorValuesService } from './indicator-values.service';
import { IndicatorsService } from './indicators.service';
import { IndicatorsRepository } from './repositories/indicators.repository';
import { ReportsRepository } from './repositories/reports.repository';

const SERVICES = [IndicatorsService, IndicatorValuesService];

/**
 * The indicator register of the evaluation context (issue 13 point 4, ADR 0010): indicators, their values per period,
 * computed by the training report's own statement (`ReportsRepository`, the context's reader of the `report_*` views)
 * and from the context's survey and follow-up answers. A module of its own beside `EvaluationModule` and
 * `FollowUpsModule` (the server and the worker import it); other contexts are asked through their services.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Indicator, IndicatorValue]), AuditModule, IdentityModule, CohortsModule],
  providers: [IndicatorsRepository, ReportsRepository, IndicatorMeasuresService, ...SERVICES],
  exports: SERVICES,
})
export class IndicatorsModule {}
