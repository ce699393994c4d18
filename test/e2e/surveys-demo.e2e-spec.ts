import { BootstrapService } from '../../apps/server/src/bootstrap.service';
import { DEMO_PASSWORD, NAPOR_REACTION_CODE, demoEmail } from '@probity/seed';
import { tokenFor } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

/**
 * The demo on first start: the past Batumi cohort has the standard reaction survey, answered anonymously by five of
 * its six graduates, so its results show at once. Starting again changes nothing.
 */
describe('the demo’s reaction survey', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { PROBITY_DEMO: '1' } });
  });
  afterAll(() => t?.close());

  const counts = async () =>
    (
      await t.db.query<{ templates: number; surveys: number; invitations: number; responses: number; users: number }>(
        `SELECT (SELECT count(*)::int FROM survey_templates WHERE kind = 'reaction') AS templates, (SELECT count(*)::int FROM cohort_surveys) AS surveys,
                (SELECT count(*)::int FROM survey_invitations) AS invitations, (SELECT count(*)::int FROM survey_responses) AS responses,
                (SELECT count(*)::int FROM users) AS users`,
      )
    ).rows[0];

  it('shows the Batumi cohort’s results on first start, to its trainer, from five anonymous answers of six graduates', async () => {
    expect(await counts()).toMatchObject({ templates: 1, surveys: 1, invitations: 5, responses: 5 });
    const trainer = await tokenFor(t.http, { email: demoEmail('GE', 'trainer'), password: DEMO_PASSWORD });
    const [survey] = (
      await t.db.query<{ id: string; template_id: string }>(
        `SELECT s.id, s.template_id FROM cohort_surveys s JOIN cohorts c ON c.id = s.cohort_id WHERE c.name = 'Batumi, spring 2026'`,
      )
    ).rows;
    const results = await t
      .http()
      .get(`/api/v1/cohort-surveys/${survey.id}/results?lang=ka`)
      .set(...bearer(trainer))
      .expect(200);
    expect(results.body).toMatchObject({ responses: 5, completed: 6, responseRate: 83.3, shown: true, minResponses: 5 });
    expect(results.body.scales.map((s: { scale: string }) => s.scale)).toEqual(['relevance', 'trainers', 'materials', 'organisation']);
    expect(results.body.items.filter((i: { type: string }) => i.type === 'open_text')[0].answers).toHaveLength(5);
    const template = (await t.db.query<{ code: string }>('SELECT code FROM survey_templates WHERE id = $1', [survey.template_id])).rows[0];
    expect(template.code).toBe(NAPOR_REACTION_CODE);
    // The sixth graduate is asked on the dashboard.
    const sixth = await tokenFor(t.http, { email: demoEmail('GE', 'learner6'), password: DEMO_PASSWORD });
    const mine = await t
      .http()
      .get('/api/v1/me/surveys')
      .set(...bearer(sixth))
      .expect(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ cohortSurveyId: survey.id, answered: false })]);
  });

  it('changes nothing when the server starts again', async () => {
    const before = await counts();
    await t.app.get(BootstrapService).onApplicationBootstrap();
    expect(await counts()).toEqual(before);
  });
});
