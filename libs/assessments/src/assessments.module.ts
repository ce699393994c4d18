import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@probity/audit';
import { CohortsModule } from '@probity/cohorts';
import { CoursesModule } from '@probity/courses';
import { IdentityModule } from '@probity/identity';
import { AppealsService } from './appeals.service';
import { AttemptsService } from './attempts.service';
import { Assessment } from './entities/assessment.entity';
import { AssessmentRelease, Attempt, AttemptResponse } from './entities/attempt.entity';
import { Appeal, CohortAssessmentSettings, Mark } from './entities/grading.entity';
import { GradingService } from './grading.service';
import { Item, ItemRevision } from './entities/item.entity';
import { ItemsService } from './items.service';
import { ResultsService } from './results.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      Item,
      ItemRevision,
      Assessment,
      Attempt,
      AttemptResponse,
      AssessmentRelease,
      CohortAssessmentSettings,
      Mark,
      Appeal,
    ]),
    AuditModule,
    CoursesModule,
    CohortsModule,
    IdentityModule,
  ],
  providers: [ItemsService, AttemptsService, GradingService, AppealsService, ResultsService],
  exports: [ItemsService, AttemptsService, GradingService, AppealsService, ResultsService],
})
export class AssessmentsModule {}
