import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@probity/audit';
import { CohortsService } from './cohorts.service';
import { Cohort, CohortPartner, CohortTrainer } from './entities/cohort.entity';
import { Enrolment } from './entities/enrolment.entity';
import { AssessmentPass, LessonCompletion, Notification } from './entities/progress.entity';
import { Attendance, CohortSession } from './entities/session.entity';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      Cohort,
      CohortTrainer,
      CohortPartner,
      Enrolment,
      CohortSession,
      Attendance,
      LessonCompletion,
      AssessmentPass,
      Notification,
    ]),
    AuditModule,
  ],
  providers: [CohortsService, NotificationsService],
  exports: [CohortsService, NotificationsService],
})
export class CohortsModule {}
