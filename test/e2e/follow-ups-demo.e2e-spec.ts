import { BootstrapService } from '../../apps/server/src/bootstrap.service';
import { DEMO_PASSWORD, demoEmail } from '@probity/seed';
import { tokenFor } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

/**
 * The demo on first start: the past Batumi cohort has a 3-month follow-up wave, due at once, with invitations to its
 * six graduates and the four supervisors they named, answered by four graduates and three supervisors, so that its
 * results show (threshold 3). Starting again changes nothing.
 */
describe('the demo’s follow-up wave', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { PROBITY_DEMO: '1' } });
  });
  afterAll(() => t?.close());

  const counts = async () =>
    (
      await t.db.query<{ waves: number; invitations: number; answered: number; links: number; contacts: number; templates: number }>(
        `SELECT (SELECT count(*)::int FROM follow_up_waves) AS waves, (SELECT count(*)::int FROM follow_up_invitations) AS invitations,
                (SELECT count(*)::int FROM follow_up_responses) AS answered, (SELECT count(*)::int FROM follow_up_links) AS links,
                (SELECT count(*)::int FROM supervisor_contacts) AS contacts,
                (SELECT count(*)::int FROM survey_templates WHERE kind LIKE 'follow_up_%') AS templates`,
      )
    ).rows[0];

  it('shows the Batumi cohort’s follow-up results on first start, for learners and supervisors', async () => {
    expect(await counts()).toEqual({ waves: 1, invitations: 10, answered: 7, links: 4, contacts: 4, templates: 2 });
    const trainer = await tokenFor(t.http, { email: demoEmail('GE', 'trainer'), password: DEMO_PASSWORD });
    const [wave] = (
      await t.db.query<{ id: string; cohort_id: string }>(
        `SELECT w.id, w.cohort_id FROM follow_up_waves w JOIN cohorts c ON c.id = w.cohort_id WHERE c.name = 'Batumi, spring 2026'`,
      )
    ).rows;
    const results = await t
      .http()
      .get(`/api/v1/follow-ups/waves/${wave.id}/results?lang=ka`)
      .set(...bearer(trainer))
      .expect(200);
    expect(results.body).toMatchObject({ months: 3, minResponses: 3 });
    expect(results.body.respondents).toEqual([
      expect.objectContaining({ respondent: 'learner', invited: 6, answered: 4, shown: true }),
      expect.objectContaining({ respondent: 'supervisor', invited: 4, answered: 3, shown: true }),
    ]);
    const cases = results.body.respondents[0].items.find((i: { type: string }) => i.type === 'count');
    expect(cases).toMatchObject({ n: 4, sum: 7 + 3 + 12 + 1 });
    // The page shows it, in Georgian.
    const visitor = new Visitor(t);
    await visitor.login(demoEmail('GE', 'trainer'), DEMO_PASSWORD);
    const page = await visitor.get(`/follow-ups/waves/${wave.id}/results`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('PEACE');
    // The two graduates who have not answered find their questionnaire.
    const learner = await tokenFor(t.http, { email: demoEmail('GE', 'learner2'), password: DEMO_PASSWORD });
    const mine = await t
      .http()
      .get('/api/v1/follow-ups/mine')
      .set(...bearer(learner))
      .expect(200);
    expect(mine.body.invitations).toEqual([expect.objectContaining({ months: 3, status: 'open' })]);
  });

  it('changes nothing when the server starts again', async () => {
    const before = await counts();
    await t.app.get(BootstrapService).onApplicationBootstrap();
    expect(await counts()).toEqual(before);
  });
});
