import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications are claimed by one worker at a time (`claimed_until`, `claim_token`) and retried with
 * back-off after an SMTP error (`next_attempt_at`, `last_error`), so two workers mail each message once.
 */
export class NotificationClaims1796320295464 implements MigrationInterface {
  name = 'NotificationClaims1796320295464';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" ADD "claimed_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "claim_token" uuid`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "next_attempt_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "last_error" character varying(500)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "last_error"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "next_attempt_at"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "claim_token"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "claimed_until"`);
  }
}
