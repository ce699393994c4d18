import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@probity/audit';
import { CoursesModule } from '@probity/courses';
import { IdentityModule } from '@probity/identity';
import { AttendanceService } from './attendance.service';
import { CohortAccessService } from './cohort-access.service';
import { CohortCalendar } from './cohort-calendar.service';
import { CohortTasksService } from './cohort-tasks.service';
import { CohortsService } from './cohorts.service';
import { EnrolmentsService } from './enrolments.service';
import { Cohort, CohortPartner, CohortTrainer } from './entities/cohort.entity';
import { Enrolment } from './entities/enrolment.entity';
import { AssessmentPass, LessonCompletion, Notification } from './entities/progress.entity';
import { Attendance, CohortSession } from './entities/session.entity';
import { NotificationsService } from './notifications.service';
import { PartnersService } from './partners.service';
import { ProgressService } from './progress.service';
import { CohortRepository } from './repositories/cohort.repository';
import { EnrolmentRepository } from './repositories/enrolment.repository';
import { NotificationRepository } from './repositories/notification.repository';
import { PartnerRepository } from './repositories/partner.repository';
import { ProgressRepository } from './repositories/progress.repository';
import { SessionRepository } from './repositories/session.repository';

/** Repositories stay inside the module: other contexts reach cohorts' data only through its services. */
const repositories = [
  CohortRepository,
  PartnerRepository,
  EnrolmentRepository,
  SessionRepository,
  ProgressRepository,
  NotificationRepository,
];
const services = [
  CohortAccessService,
  CohortsService,
  PartnersService,
  EnrolmentsService,
  AttendanceService,
  ProgressService,
  NotificationsService,
  CohortTasksService,
];

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
    // People and academies are read through UsersService and AcademiesService, never from identity's tables.
    IdentityModule,
    // Versions are read through CoursesService.snapshot, never from courses' table.
    CoursesModule,
  ],
  providers: [...repositories, CohortCalendar, ...services],
  exports: services,
})
export class CohortsModule {}
