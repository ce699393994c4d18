import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A partnership is an invitation the partner academy's administrator accepts or declines. Partnerships
 * made before this rule were never agreed to: they become invitations, so nothing of the partner
 * academy's people is shown or enrolled until its administrator accepts.
 */
export class PartnerConsent1796304344318 implements MigrationInterface {
  name = 'PartnerConsent1796304344318';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "cohort_partners"
        ADD "status" character varying(10) NOT NULL DEFAULT 'invited',
        ADD "invited_by" uuid,
        ADD "invited_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        ADD "decided_by" uuid,
        ADD "decided_at" TIMESTAMP WITH TIME ZONE,
        ADD CONSTRAINT "cohort_partners_status_check" CHECK ("status" IN ('invited', 'accepted', 'declined'))
    `);
    await queryRunner.query(`CREATE INDEX "cohort_partners_academy_status" ON "cohort_partners" ("academy_id", "status")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "cohort_partners_academy_status"`);
    await queryRunner.query(`
      ALTER TABLE "cohort_partners" DROP CONSTRAINT "cohort_partners_status_check",
        DROP COLUMN "decided_at", DROP COLUMN "decided_by", DROP COLUMN "invited_at", DROP COLUMN "invited_by", DROP COLUMN "status"
    `);
  }
}
