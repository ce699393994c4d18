export * from './courses.module';
export * from './courses.service';
export * from './dto/course.dto';
export * from './markdown';
export * from './snapshot';
export * from './version-cache';
export * from './version-contributors';
export * from './personal-data';
