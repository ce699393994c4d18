import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal data exports (issue 16 point 2, ADR 0014), owned by `libs/privacy`: the ZIP the worker built for a person,
 * who asked for it (the person or an administrator), the job that built it, and when it expires (7 days later).
 */
export class PrivacyExports1796560000000 implements MigrationInterface {
  name = 'PrivacyExports1796560000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "privacy_exports" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "requested_by" uuid NOT NULL,
        "job_id" uuid NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "size" integer NOT NULL,
        "content" bytea NOT NULL,
        CONSTRAINT "PK_privacy_exports" PRIMARY KEY ("id"),
        CONSTRAINT "privacy_exports_job" UNIQUE ("job_id"),
        CONSTRAINT "privacy_exports_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "privacy_exports_requester_fk" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "privacy_exports_job_fk" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "privacy_exports_user" ON "privacy_exports" ("user_id", "created_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "privacy_exports"`);
  }
}
