import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Academy, User } from '@probity/identity';

/** What enrolment needs to know of a person. */
export type PersonFacts = Pick<User, 'id' | 'active' | 'academyId' | 'roles'>;

/**
 * What cohorts reads of other contexts' tables (identity's users and academies), all in this one
 * place until their owners offer narrow methods for it (`UsersService`, `AcademiesService`); then
 * these become calls to those services. Versions are read through `CoursesService.snapshot`.
 */
@Injectable()
export class OtherContextsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The ids among `ids` of active trainers of the academy. */
  async activeTrainerIds(manager: EntityManager, ids: string[], academyId: string): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM users WHERE id = ANY($1) AND academy_id = $2 AND 'trainer' = ANY(roles) AND active`,
      [ids, academyId],
    );
    return rows.map((r) => r.id);
  }

  /** Active administrators of the academies. */
  async activeAdminIds(manager: EntityManager, academyIds: string[]): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM users WHERE academy_id = ANY($1) AND 'academy_admin' = ANY(roles) AND active`,
      [academyIds],
    );
    return rows.map((r) => r.id);
  }

  countAcademies(manager: EntityManager, ids: string[]): Promise<number> {
    return manager.countBy(
      Academy,
      ids.map((id) => ({ id })),
    );
  }

  async people(manager: EntityManager, ids: string[]): Promise<PersonFacts[]> {
    return manager.findBy(
      User,
      ids.map((id) => ({ id })),
    );
  }

  async academyOf(manager: EntityManager, userId: string): Promise<string | null | undefined> {
    return (await manager.findOneBy(User, { id: userId }))?.academyId;
  }

  /** The people of the academies with one of the addresses. */
  byEmails(emails: string[], academyIds: string[]): Promise<{ id: string; email: string }[]> {
    return this.dataSource.query<{ id: string; email: string }[]>(
      'SELECT id, email FROM users WHERE email = ANY($1) AND academy_id = ANY($2)',
      [emails, academyIds],
    );
  }
}
