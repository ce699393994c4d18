import { academyFactory, tokenFor, userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

/**
 * The question bank page shows Approve by the service's own rule: after trainer B revises trainer A's item, B (the
 * author of the current revision) sees no button, and A sees one that works.
 */
describe('approving a revised question: the page asks the service’s rule', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('offers Approve to the first author after a colleague revised the item, never to the reviser', async () => {
    const academy = (await academyFactory(t.app, { code: 'GER' })).id;
    await t.db.query('UPDATE academies SET item_review = true WHERE id = $1', [academy]);
    const a = await userFactory(t.app, { roles: ['trainer'], academyId: academy });
    const b = await userFactory(t.app, { roles: ['trainer'], academyId: academy });
    const [tokenA, tokenB] = [await tokenFor(t.http, a), await tokenFor(t.http, b)];
    const course = (
      await t
        .http()
        .post('/api/v1/courses')
        .set(...bearer(tokenA))
        .send({ code: 'REV', title: { en: 'Review' } })
        .expect(201)
    ).body.id;
    const essay = { type: 'essay', stem: { en: 'Assess the search.' }, points: 2 };
    const item = (
      await t
        .http()
        .post(`/api/v1/courses/${course}/items`)
        .set(...bearer(tokenA))
        .send(essay)
        .expect(201)
    ).body;
    expect(item).toMatchObject({ status: 'draft', authorId: a.id, revisedBy: a.id });
    const revised = await t
      .http()
      .put(`/api/v1/items/${item.id}`)
      .set(...bearer(tokenB))
      .send({ ...essay, stem: { en: 'Assess the search of the flat.' } })
      .expect(200);
    expect(revised.body).toMatchObject({ authorId: a.id, revisedBy: b.id, status: 'draft' });

    const approveForm = `action="/courses/${course}/items/${item.id}/approve"`;
    const pageOf = async (user: typeof a): Promise<{ visitor: Visitor; html: string }> => {
      const visitor = new Visitor(t);
      await visitor.login(user.email, user.password);
      return { visitor, html: (await visitor.get(`/courses/${course}/items`)).text };
    };
    const reviser = await pageOf(b);
    expect(reviser.html).not.toContain(approveForm);
    await t
      .http()
      .post(`/api/v1/items/${item.id}/approve`)
      .set(...bearer(tokenB))
      .expect(403);
    const author = await pageOf(a);
    expect(author.html).toContain(approveForm);
    const approved = await author.visitor.post(`/courses/${course}/items/${item.id}/approve`, { _csrf: Visitor.csrf(author.html) });
    expect(approved.status).toBe(303);
    const { rows } = await t.db.query<{ status: string }>('SELECT status FROM items WHERE id = $1', [item.id]);
    expect(rows[0].status).toBe('approved');
  });
});
