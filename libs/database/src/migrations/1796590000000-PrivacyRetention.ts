import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention (issue 16 point 4, ADR 0014), owned by `libs/privacy`: each academy's periods (`privacy_retention`, one row
 * per academy; an academy without one keeps answer texts 2 years after a cohort ended and accounts 5 years after their
 * last sign-in), and what each nightly run did per academy (`privacy_retention_runs`). A person's last activity is
 * `users.last_seen_at` (identity's column: set at every sign-in), filled here from their account's creation and their
 * latest page session.
 */
export class PrivacyRetention1796590000000 implements MigrationInterface {
  name = 'PrivacyRetention1796590000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "last_seen_at" timestamptz`);
    await queryRunner.query(`
      UPDATE "users" u
         SET "last_seen_at" = greatest(u."created_at", (SELECT max(s."created_at") FROM "web_sessions" s WHERE s."user_id" = u."id"))`);
    await queryRunner.query(`
      CREATE TABLE "privacy_retention" (
        "academy_id" uuid NOT NULL,
        "answer_texts_years" integer NOT NULL DEFAULT 2,
        "inactive_account_years" integer NOT NULL DEFAULT 5,
        "updated_by" uuid,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_privacy_retention" PRIMARY KEY ("academy_id"),
        CONSTRAINT "privacy_retention_answer_texts_years" CHECK ("answer_texts_years" BETWEEN 1 AND 10),
        CONSTRAINT "privacy_retention_inactive_account_years" CHECK ("inactive_account_years" BETWEEN 1 AND 20),
        CONSTRAINT "privacy_retention_academy_fk" FOREIGN KEY ("academy_id") REFERENCES "academies"("id") ON DELETE CASCADE,
        CONSTRAINT "privacy_retention_updated_by_fk" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "privacy_retention_runs" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "academy_id" uuid NOT NULL,
        "ran_at" timestamptz NOT NULL DEFAULT now(),
        "answer_texts_cleared" integer NOT NULL DEFAULT 0,
        "accounts_erased" integer NOT NULL DEFAULT 0,
        "job_id" uuid,
        CONSTRAINT "PK_privacy_retention_runs" PRIMARY KEY ("id"),
        CONSTRAINT "privacy_retention_runs_counts" CHECK ("answer_texts_cleared" >= 0 AND "accounts_erased" >= 0),
        CONSTRAINT "privacy_retention_runs_academy_fk" FOREIGN KEY ("academy_id") REFERENCES "academies"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "privacy_retention_runs_academy" ON "privacy_retention_runs" ("academy_id", "ran_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "privacy_retention_runs"`);
    await queryRunner.query(`DROP TABLE "privacy_retention"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "last_seen_at"`);
  }
}
