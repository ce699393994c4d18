import type { DataSource } from 'typeorm';
import { type AcademiesService, type AuthService, User, type UsersService } from '@probity/identity';
import { type CourseWriter, loadCurriculum, writeCurriculum } from './curriculum';
import { DEMO_ACADEMIES, DEMO_PASSWORD, demoEmail } from './demo-data';

/**
 * The demo: five academies with an admin, a trainer and two learners each. Idempotent: what
 * exists is left as it is, what is missing is created (through the services, so it is audited).
 */
export async function seedDemo(
  dataSource: DataSource,
  academies: AcademiesService,
  users: UsersService,
): Promise<{ academies: number; users: number }> {
  let createdAcademies = 0;
  let createdUsers = 0;
  for (const demo of DEMO_ACADEMIES) {
    let academy = await academies.findByCode(demo.code);
    if (!academy) {
      academy = await academies.create(null, {
        code: demo.code,
        name: demo.name,
        country: demo.country,
        defaultLocale: demo.defaultLocale,
      });
      createdAcademies++;
    }
    for (const person of demo.people) {
      const email = demoEmail(demo.code, person.key);
      if (await dataSource.getRepository(User).existsBy({ email })) continue;
      await users.create(null, {
        email,
        password: DEMO_PASSWORD,
        fullName: person.fullName,
        roles: person.roles,
        academyId: academy.id,
        locale: demo.defaultLocale,
        sex: person.sex,
        agency: person.agency,
        rank: person.rank,
      });
      createdUsers++;
    }
  }
  return { academies: createdAcademies, users: createdUsers };
}

/**
 * The NAPOR curriculum, authored by the Georgian academy's demo trainer, shared with every academy
 * and published as version 1. Skipped when the academy already has a course with its code.
 */
export async function seedCurriculum(dataSource: DataSource, auth: AuthService, courses: CourseWriter): Promise<boolean> {
  const curriculum = loadCurriculum();
  const [owner] = await dataSource.query<{ id: string; academy_id: string }[]>(
    `SELECT u.id, u.academy_id FROM users u JOIN academies a ON a.id = u.academy_id WHERE a.code = 'GE' AND u.email = $1`,
    [demoEmail('GE', 'trainer')],
  );
  if (!owner) return false;
  const exists = await dataSource.query<unknown[]>('SELECT 1 FROM courses WHERE academy_id = $1 AND code = $2', [
    owner.academy_id,
    curriculum.code,
  ]);
  if (exists.length) return false;
  const author = await auth.activeUser(owner.id);
  if (!author) return false;
  await writeCurriculum(courses, author, curriculum);
  return true;
}
