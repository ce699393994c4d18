import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { academyFactory, userFactory } from '../../../test/factories';
import { type TestApp, createTestApp } from '../../../test/support/test-app';
import { AccountsService } from './accounts.service';
import { UsersService } from './users.service';

type Person = Awaited<ReturnType<typeof userFactory>>;
const actor = (user: Person) => ({ ...user, locale: 'en' as const });
const sorted = (ids: string[]): string[] => [...ids].sort();

/**
 * What identity offers other contexts instead of its `users` table (ADR 0005): narrow reads by id,
 * academy or address, with no access check, on a real database.
 */
describe('UsersService, for other contexts', () => {
  let t: TestApp;
  let users: UsersService;
  let dataSource: DataSource;
  let platform: Person;

  beforeAll(async () => {
    t = await createTestApp();
    users = t.app.get(UsersService);
    dataSource = t.app.get(DataSource);
    platform = await userFactory(t.app, { roles: ['platform_admin'] });
  });
  afterAll(() => t.close());

  const deactivate = (person: Person) => t.app.get(AccountsService).deactivate(actor(platform), person.id);

  it('displayNames and localesOf map the ids found, skip the others, and answer an empty map for no ids', async () => {
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

  it('facts answer exactly id, active, academy and roles of the people found, inactive ones too', async () => {
    const academyId = (await academyFactory(t.app)).id;
    const learner = await userFactory(t.app, { academyId, roles: ['learner'] });
    const trainer = await userFactory(t.app, { academyId, roles: ['trainer', 'learner'] });
    await deactivate(trainer);
    const facts = await users.facts([learner.id, trainer.id, platform.id, randomUUID()]);
    expect(facts.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: learner.id, active: true, academyId, roles: ['learner'] },
        { id: trainer.id, active: false, academyId, roles: ['trainer', 'learner'] },
        { id: platform.id, active: true, academyId: null, roles: ['platform_admin'] },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    // Plain rows, not entities with the rest of the account (its email, its name).
    for (const f of facts) expect(Object.keys(f).sort()).toEqual(['academyId', 'active', 'id', 'roles']);
    expect(await users.facts([])).toEqual([]);
  });

  it('facts, displayNames and localesOf read inside the caller’s transaction: a person not yet committed is seen there only', async () => {
    const academyId = (await academyFactory(t.app)).id;
    const id = randomUUID();
    await dataSource
      .transaction(async (manager) => {
        await manager.query(
          `INSERT INTO users (id, email, full_name, roles, academy_id, locale) VALUES ($1, $2, 'Uncommitted', '{learner}', $3, 'en')`,
          [id, `uncommitted-${id}@example.test`, academyId],
        );
        expect(await users.facts([id], manager)).toEqual([{ id, active: true, academyId, roles: ['learner'] }]);
        expect(await users.facts([id])).toEqual([]);
        expect(await users.displayNames([id], manager)).toEqual(new Map([[id, 'Uncommitted']]));
        expect(await users.localesOf([id], manager)).toEqual(new Map([[id, 'en']]));
        expect(await users.displayNames([id])).toEqual(new Map());
        throw new Error('roll back');
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'));
  });

  it('activeTrainerIds keeps only the active trainers of that academy among the ids', async () => {
    const academyId = (await academyFactory(t.app)).id;
    const otherAcademy = (await academyFactory(t.app)).id;
    const trainer = await userFactory(t.app, { academyId, roles: ['trainer'] });
    const adminTrainer = await userFactory(t.app, { academyId, roles: ['academy_admin', 'trainer'] });
    const learner = await userFactory(t.app, { academyId, roles: ['learner'] });
    const inactive = await userFactory(t.app, { academyId, roles: ['trainer'] });
    await deactivate(inactive);
    const elsewhere = await userFactory(t.app, { academyId: otherAcademy, roles: ['trainer'] });
    const notAsked = await userFactory(t.app, { academyId, roles: ['trainer'] });

    const ids = [trainer.id, adminTrainer.id, learner.id, inactive.id, elsewhere.id, randomUUID()];
    expect(sorted(await users.activeTrainerIds(ids, academyId))).toEqual(sorted([trainer.id, adminTrainer.id]));
    expect(await users.activeTrainerIds(ids, otherAcademy)).toEqual([elsewhere.id]);
    expect(await users.activeTrainerIds([], academyId)).toEqual([]);
    // `notAsked` is an active trainer of the academy too, but not among the ids: only those asked about are answered.
    expect(await users.activeTrainerIds([notAsked.id], academyId)).toEqual([notAsked.id]);
  });

  it('activeAdminIds answers the active academy administrators of the academies, and nobody for none', async () => {
    const [a, b, c] = [(await academyFactory(t.app)).id, (await academyFactory(t.app)).id, (await academyFactory(t.app)).id];
    const adminA = await userFactory(t.app, { academyId: a, roles: ['academy_admin'] });
    const adminB = await userFactory(t.app, { academyId: b, roles: ['academy_admin', 'trainer'] });
    const inactiveA = await userFactory(t.app, { academyId: a, roles: ['academy_admin'] });
    await deactivate(inactiveA);
    await userFactory(t.app, { academyId: a, roles: ['trainer'] });
    const adminC = await userFactory(t.app, { academyId: c, roles: ['academy_admin'] });

    expect(sorted(await users.activeAdminIds([a, b]))).toEqual(sorted([adminA.id, adminB.id]));
    expect(await users.activeAdminIds([c])).toEqual([adminC.id]);
    expect(await users.activeAdminIds([])).toEqual([]);
    // Platform administrators belong to no academy: they are nobody's academy administrator.
    expect(await users.activeAdminIds([a, b, c])).not.toContain(platform.id);
  });

  it('byEmails finds the people of the given academies by exact address, nobody elsewhere', async () => {
    const home = (await academyFactory(t.app)).id;
    const away = (await academyFactory(t.app)).id;
    const here = await userFactory(t.app, { academyId: home });
    const there = await userFactory(t.app, { academyId: away });

    const asked = [here.email, there.email, 'nobody@example.test', here.email.toUpperCase()];
    expect(await users.byEmails(asked, [home])).toEqual([{ id: here.id, email: here.email }]);
    expect(sorted((await users.byEmails(asked, [home, away])).map((u) => u.id))).toEqual(sorted([here.id, there.id]));
    expect(await users.byEmails(asked, [])).toEqual([]);
    expect(await users.byEmails([], [home, away])).toEqual([]);
  });
});
