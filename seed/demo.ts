import type { DataSource } from 'typeorm';
import { type AcademiesService, User, type UsersService } from '@probity/identity';
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
