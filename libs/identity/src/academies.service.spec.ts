import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { academyFactory } from '../../../test/factories';
import { type TestApp, createTestApp } from '../../../test/support/test-app';
import { AcademiesService } from './academies.service';
import { Academy } from './entities/academy.entity';

/** What identity offers other contexts instead of its `academies` table: plain reads by id or code, on a real database. */
describe('AcademiesService, for other contexts', () => {
  let t: TestApp;
  let academies: AcademiesService;
  let dataSource: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    academies = t.app.get(AcademiesService);
    dataSource = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('get and byCode answer a plain view, not the entity, and byCode nothing for an unknown code', async () => {
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

  it('get, byCode and countExisting read inside the caller’s transaction: an academy not yet committed is seen there only', async () => {
    const code = `T${Date.now().toString(36).toUpperCase()}`.slice(0, 12);
    await dataSource
      .transaction(async (manager) => {
        const [{ id }] = await manager.query<{ id: string }[]>(
          `INSERT INTO academies (code, name, country, default_locale) VALUES ($1, '{"en": "Pending"}', 'UA', 'uk') RETURNING id`,
          [code],
        );
        expect(await academies.get(id, manager)).toMatchObject({ id, code, defaultLocale: 'uk', name: { en: 'Pending' } });
        expect(await academies.byCode(code, manager)).toMatchObject({ id, code });
        expect(await academies.byCode(code)).toBeNull();
        await expect(academies.get(id)).rejects.toMatchObject({ code: 'not_found' });
        expect(await academies.countExisting([id], manager)).toBe(1);
        expect(await academies.countExisting([id])).toBe(0);
        throw new Error('roll back');
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'));
  });

  it('reviewRequired follows the academy setting, false for an unknown academy, inside a transaction too', async () => {
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
    expect(await dataSource.transaction((manager) => academies.reviewRequired(reviewed.id, manager))).toBe(true);
  });

  it('countExisting counts the ids that name an academy (each once), and 0 for none', async () => {
    const [a, b] = [await academyFactory(t.app), await academyFactory(t.app)];
    const unknown = randomUUID();
    expect(await academies.countExisting([a.id, b.id])).toBe(2);
    expect(await academies.countExisting([a.id, unknown])).toBe(1);
    expect(await academies.countExisting([unknown, randomUUID()])).toBe(0);
    expect(await academies.countExisting([a.id, a.id])).toBe(1);
    expect(await academies.countExisting([])).toBe(0);
    expect(await dataSource.transaction((manager) => academies.countExisting([a.id, b.id, unknown], manager))).toBe(2);
  });
});
