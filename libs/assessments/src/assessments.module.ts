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
import { AppealRepository } from './repositories/appeal.repository';
import { AssessmentRepository } from './repositories/assessment.repository';
import { AttemptRepository } from './repositories/attempt.repository';
import { GradingRepository } from './repositories/grading.repository';
import { ItemRepository } from './repositories/item.repository';
import { ResultsService } from './results.service';

/** Repositories stay inside the module: other contexts reach assessments' data only through its services. */
const repositories = [ItemRepository, AssessmentRepository, AttemptRepository, GradingRepository, AppealRepository];
const services = [ItemsService, AttemptsService, GradingService, AppealsService, ResultsService];

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
    // Courses' and cohorts' data are read through their services (CoursesService.academyOf/snapshot, CohortsService.find/access).
    CoursesModule,
    CohortsModule,
    IdentityModule,
  ],
  providers: [...repositories, ...services],
  exports: services,
})
export class AssessmentsModule {}
