import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@probity/audit';
import { IdentityModule } from '@probity/identity';
import { CoursesService } from './courses.service';
import { CourseModule } from './entities/course-module.entity';
import { CourseVersion } from './entities/course-version.entity';
import { Course } from './entities/course.entity';
import { Lesson } from './entities/lesson.entity';
import { VersionContributors } from './version-contributors';

@Module({
  imports: [TypeOrmModule.forFeature([Course, CourseModule, Lesson, CourseVersion]), AuditModule, IdentityModule],
  providers: [CoursesService, VersionContributors],
  exports: [CoursesService, VersionContributors],
})
export class CoursesModule {}
