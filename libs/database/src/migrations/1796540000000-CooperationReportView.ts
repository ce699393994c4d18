import type { MigrationInterface, QueryRunner } from 'typeorm';

const MEASURES = [
  'people_trained',
  'people_completed',
  'people_certified',
  'knowledge_improved_percent',
  'mean_normalised_gain',
  'mean_satisfaction',
  'applying_at_follow_up_percent',
  'people_trained_or_assisted',
  'manual',
];
const COOPERATION_MEASURES = [
  'cooperation_joint_investigations',
  'cooperation_mla_requests',
  'cooperation_extradition_requests',
  'cooperation_joint_operations',
  'cooperation_information_exchanges',
  'cooperation_mous_signed',
];
const measureCheck = (measures: string[]): string =>
  `ALTER TABLE "indicators" ADD CONSTRAINT "indicators_measure" CHECK ("measure" IN (${measures.map((m) => `'${m}'`).join(', ')}))`;

/**
 * The cooperation initiatives' report view (issue 15 point 5, ADR 0010 and 0013), owned by `libs/cooperation`: what
 * the participating institutions reported back at the 3- and 6-month follow-ups, as aggregate counts.
 *
 * One row per outcome report of an initiative that was not cancelled: `initiative_id`, `institution_id`, the
 * institution's `country` (NULL for a regional organisation, which stands for several), its `academy_id` when it is an
 * academy, the `wave` (3 or 6 months), `ends_on` (the initiative's last day, the day a period counts the report on)
 * and the six counts. The evaluation context reads the view (ADR 0010) for the indicator measures below.
 *
 * The evaluation context's indicator register gains one measure per count (`cooperation_joint_investigations`,
 * `cooperation_mla_requests`, `cooperation_extradition_requests`, `cooperation_joint_operations`,
 * `cooperation_information_exchanges`, `cooperation_mous_signed`): the sum of that count over the reports of the
 * initiatives whose last day falls in the period.
 */
export class CooperationReportView1796540000000 implements MigrationInterface {
  name = 'CooperationReportView1796540000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE VIEW "report_cooperation_outcomes" AS
      SELECT o.id AS report_id, o.initiative_id, o.institution_id, i.country, i.academy_id, o.wave, c.ends_on,
             o.joint_investigations, o.mla_requests, o.extradition_requests, o.joint_operations, o.information_exchanges,
             o.mous_signed
        FROM "cooperation_outcome_reports" o
        JOIN "cooperation_initiatives" c ON c.id = o.initiative_id AND c.status <> 'cancelled'
        JOIN "assistance_institutions" i ON i.id = o.institution_id`);
    await queryRunner.query(
      `COMMENT ON VIEW "report_cooperation_outcomes" IS 'cooperation: one row per outcome report (3 or 6 months) of an initiative not cancelled; country the institution''s (NULL for a regional organisation); academy_id when the institution is an academy; ends_on the initiative''s last day; aggregate counts only'`,
    );
    await queryRunner.query(`ALTER TABLE "indicators" DROP CONSTRAINT "indicators_measure"`);
    await queryRunner.query(measureCheck([...MEASURES, ...COOPERATION_MEASURES]));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "indicators" WHERE "measure" IN (${COOPERATION_MEASURES.map((m) => `'${m}'`).join(', ')})`);
    await queryRunner.query(`ALTER TABLE "indicators" DROP CONSTRAINT "indicators_measure"`);
    await queryRunner.query(measureCheck(MEASURES));
    await queryRunner.query(`DROP VIEW "report_cooperation_outcomes"`);
  }
}
