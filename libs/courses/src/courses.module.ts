import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@probity/audit';
import { IdentityModule } from '@probity/identity';
import { CourseAccessService } from './course-access.service';
import { CoursesService } from './courses.service';
import { CourseModule } from './entities/course-module.entity';
import { CourseVersion } from './entities/course-version.entity';
import { Course } from './entities/course.entity';
import { Lesson } from './entities/lesson.entity';
import { CourseOutlineService } from './outline.service';
import { CoursesRepository } from './repositories/courses.repository';
import { LessonsRepository } from './repositories/lessons.repository';
import { ModulesRepository } from './repositories/modules.repository';
import { VersionsRepository } from './repositories/versions.repository';
import { VersionContributors } from './version-contributors';

/** Repositories and the services CoursesService delegates to stay inside the module: other contexts ask CoursesService. */
const repositories = [CoursesRepository, ModulesRepository, LessonsRepository, VersionsRepository];

@Module({
  imports: [TypeOrmModule.forFeature([Course, CourseModule, Lesson, CourseVersion]), AuditModule, IdentityModule],
  providers: [...repositories, CourseAccessService, CourseOutlineService, CoursesService, VersionContributors],
  exports: [CoursesService, VersionContributors],
})
export class CoursesModule {}
