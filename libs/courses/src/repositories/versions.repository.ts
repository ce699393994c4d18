import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ReadReplica } from '@probity/database';
import { CourseVersion } from '../entities/course-version.entity';

/** A version listed on its course's page: what was published when, in which complete locales. */
export interface VersionListing {
  id: string;
  number: number;
  publishedAt: Date;
  locales: string[];
}

/** The newest version of a course, with what the catalogue needs of its course. */
export type CatalogRow = Pick<CourseVersion, 'id' | 'courseId' | 'number' | 'locales' | 'snapshot' | 'publishedAt'> & {
  academy_id: string;
  shared: boolean;
};

const CATALOG = `SELECT DISTINCT ON (v.course_id) v.id, v.course_id AS "courseId", v.number, v.locales, v.snapshot, v.published_at AS "publishedAt",
         c.academy_id, c.shared
    FROM course_versions v JOIN courses c ON c.id = v.course_id
   WHERE ($1::boolean OR c.shared OR c.academy_id = $2::uuid OR c.academy_id = $3::uuid)
   ORDER BY v.course_id, v.number DESC`;

/**
 * Published versions (`course_versions`), never changed once written (a trigger refuses updates and
 * deletes). Writes take the caller's manager first; reads take a manager last, the pool's by default.
 */
@Injectable()
export class VersionsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly replica: ReadReplica,
  ) {}

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<CourseVersion | null> {
    return manager.findOneBy(CourseVersion, { id });
  }

  create(manager: EntityManager, fields: Partial<CourseVersion>): Promise<CourseVersion> {
    return manager.save(manager.create(CourseVersion, fields));
  }

  /** The course's versions, newest first, without their snapshots. */
  async ofCourse(courseId: string, manager: EntityManager = this.dataSource.manager): Promise<VersionListing[]> {
    const versions = await manager.find(CourseVersion, {
      where: { courseId },
      order: { number: 'DESC' },
      select: { id: true, number: true, publishedAt: true, locales: true },
    });
    return versions.map(({ id, number, publishedAt, locales }) => ({ id, number, publishedAt, locales }));
  }

  /** The number of the newest version of each course that has one. */
  async lastNumbers(courseIds: string[]): Promise<Map<string, number>> {
    if (!courseIds.length) return new Map();
    const rows = await this.dataSource.query<{ course_id: string; number: number }[]>(
      'SELECT course_id, max(number)::int AS number FROM course_versions WHERE course_id = ANY($1) GROUP BY course_id',
      [courseIds],
    );
    return new Map(rows.map((r) => [r.course_id, r.number]));
  }

  /**
   * The newest version of every course a reader may see in the catalogue: every course (`all`),
   * shared ones, and those of the reader's academy and of the academy named. With `tolerateLag`, read from
   * the read replica when one is set and answers (a course published within its lag shows a moment later).
   */
  catalog(all: boolean, readerAcademyId: string | null, namedAcademyId: string | null, tolerateLag = false): Promise<CatalogRow[]> {
    const params = [all, readerAcademyId, namedAcademyId];
    return tolerateLag ? this.replica.query<CatalogRow>(CATALOG, params) : this.dataSource.query<CatalogRow[]>(CATALOG, params);
  }
}
