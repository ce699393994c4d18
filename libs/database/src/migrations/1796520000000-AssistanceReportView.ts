import type { MigrationInterface, QueryRunner } from 'typeorm';

const MEASURES = [
  'people_trained',
  'people_completed',
  'people_certified',
  'knowledge_improved_percent',
  'mean_normalised_gain',
  'mean_satisfaction',
  'applying_at_follow_up_percent',
  'manual',
];
const measureCheck = (measures: string[]): string =>
  `ALTER TABLE "indicators" ADD CONSTRAINT "indicators_measure" CHECK ("measure" IN (${measures.map((m) => `'${m}'`).join(', ')}))`;

/**
 * The Technical Assistance Facility's report view (issue 14 point 6, ADR 0010 and 0012), owned by `libs/assistance`:
 * the people its missions reached, as the facility dashboard counts them and as an indicator may count them beside
 * training (a person with an account is the same `user_id` the training report counts, so each is counted once).
 *
 * One row per participant of a delivered mission who was not marked absent on every day of its register (a mission
 * without marks, or run as a cohort, counts its participants). `ended_on`: the mission's last day, the day a period
 * counts it on. `sex`, `agency_type`, `function`, `country`: the participant's description as recorded on the mission
 * (NULL: not recorded; a learner's is identity's, so a reader joins `report_people` by `user_id`), the same codes as
 * `report_people`. `academy_id`: the requesting institution's academy, when it is one. The evaluation context reads the
 * view (ADR 0010) for the facility dashboard's people and for the indicator below.
 *
 * The evaluation context's indicator register gains the measure `people_trained_or_assisted` (people enrolled in
 * training or reached by a mission in the period, each person once), read from this view beside `report_enrolments`.
 */
export class AssistanceReportView1796520000000 implements MigrationInterface {
  name = 'AssistanceReportView1796520000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE VIEW "report_assistance_participants" AS
      SELECT p.id AS participant_id, p.user_id, p.mission_id, m.ends_on AS ended_on,
             p.sex, p.agency_type, p."function", p.country, i.academy_id
        FROM "assistance_mission_participants" p
        JOIN "assistance_missions" m ON m.id = p.mission_id AND m.status = 'delivered'
        JOIN "assistance_requests" r ON r.id = m.request_id
        JOIN "assistance_institutions" i ON i.id = r.institution_id
       WHERE NOT EXISTS (SELECT 1 FROM "assistance_mission_attendance" a WHERE a.participant_id = p.id)
          OR EXISTS (SELECT 1 FROM "assistance_mission_attendance" a WHERE a.participant_id = p.id AND a.present)`);
    await queryRunner.query(
      `COMMENT ON VIEW "report_assistance_participants" IS 'assistance: one row per participant of a delivered mission not marked absent on every day of its register; user_id NULL for a guest; sex, agency_type, function, country as recorded on the mission (NULL = not recorded); ended_on the mission''s last day'`,
    );
    await queryRunner.query(`ALTER TABLE "indicators" DROP CONSTRAINT "indicators_measure"`);
    await queryRunner.query(measureCheck([...MEASURES, 'people_trained_or_assisted']));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "indicators" WHERE "measure" = 'people_trained_or_assisted'`);
    await queryRunner.query(`ALTER TABLE "indicators" DROP CONSTRAINT "indicators_measure"`);
    await queryRunner.query(measureCheck(MEASURES));
    await queryRunner.query(`DROP VIEW "report_assistance_participants"`);
  }
}
