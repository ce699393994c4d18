import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { academyFactory, userFactory } from '../../../test/factories';
import { type TestApp, createTestApp } from '../../../test/support/test-app';
import { AcademiesService } from './academies.service';
import { Academy } from './entities/academy.entity';
import { UsersService } from './users.service';

/** What identity offers other contexts instead of its tables: plain reads by id or code, on a real database. */
describe('identity for other contexts', () => {
  let t: TestApp;
  let academies: AcademiesService;
  let users: UsersService;

  beforeAll(async () => {
    t = await createTestApp();
    academies = t.app.get(AcademiesService);
    users = t.app.get(UsersService);
  });
  afterAll(() => t.close());

  it('AcademiesService.get and byCode answer a plain view, not the entity, and byCode nothing for an unknown code', async () => {
    const created = await academyFactory(t.app, { defaultLocale: 'ka', timeZone: 'Asia/Tbilisi' });
    const byId = await academies.get(created.id);
    expect(byId).not.toBeInstanceOf(Academy);
    expect(byId).toEqual({
      id: created.id,
      code: created.code,
      name: created.name,
      country: created.country,
      defaultLocale: 'ka',
      itemReview: false,
      timeZone: 'Asia/Tbilisi',
      createdAt: created.createdAt,
    });
    expect(await academies.byCode(created.code)).toEqual(byId);
    expect(await academies.byCode('NO-SUCH')).toBeNull();
    await expect(academies.get(randomUUID())).rejects.toMatchObject({ code: 'not_found' });
  });

  it('AcademiesService.reviewRequired follows the academy setting, false for an unknown academy, inside a transaction too', async () => {
    const reviewed = await academies.create(null, {
      code: `R${Date.now().toString(36).toUpperCase()}`.slice(0, 12),
      name: { en: 'Reviewed' },
      country: 'GE',
      defaultLocale: 'en',
      itemReview: true,
    });
    const open = await academyFactory(t.app);
    expect(await academies.reviewRequired(reviewed.id)).toBe(true);
    expect(await academies.reviewRequired(open.id)).toBe(false);
    expect(await academies.reviewRequired(randomUUID())).toBe(false);
    expect(await t.app.get(DataSource).transaction((manager) => academies.reviewRequired(reviewed.id, manager))).toBe(true);
  });

  it('UsersService.displayNames and localesOf map the ids found, skip the others, and answer an empty map for no ids', async () => {
    const academyId = (await academyFactory(t.app)).id;
    const nino = await userFactory(t.app, { fullName: 'Nino Beridze', locale: 'ka', academyId });
    const olena = await userFactory(t.app, { fullName: 'Olena Kovalenko', locale: 'uk', academyId });
    const missing = randomUUID();
    expect(await users.displayNames([nino.id, olena.id, missing])).toEqual(
      new Map([
        [nino.id, 'Nino Beridze'],
        [olena.id, 'Olena Kovalenko'],
      ]),
    );
    expect(await users.localesOf([nino.id, missing])).toEqual(new Map([[nino.id, 'ka']]));
    expect(await users.displayNames([])).toEqual(new Map());
    expect(await users.localesOf([])).toEqual(new Map());
  });
});
