import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Privacy notices, their acknowledgement and consents (issue 16 point 5), owned by `libs/privacy`.
 *
 * `privacy_notices`: one text per locale of each published version of a notice; `academy_id` NULL is the platform's
 * own notice (for people whose academy has none, and people of no academy). Versions count from 1 per academy (or for
 * the platform); a new version asks everyone again. `privacy_acknowledgements`: who acknowledged which version of
 * which notice (once). `privacy_consents`: consents to optional processing, one row per grant, `withdrawn_at` set when
 * withdrawn; the current consent of a purpose is its latest row not withdrawn.
 */
export class PrivacyNotices1796550000000 implements MigrationInterface {
  name = 'PrivacyNotices1796550000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "privacy_notices" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "academy_id" uuid,
        "locale" varchar(5) NOT NULL,
        "version" integer NOT NULL,
        "body" text NOT NULL,
        "published_at" timestamptz NOT NULL DEFAULT now(),
        "published_by" uuid,
        CONSTRAINT "PK_privacy_notices" PRIMARY KEY ("id"),
        CONSTRAINT "privacy_notices_locale" CHECK ("locale" IN ('en', 'ru', 'ka', 'uk', 'ur', 'sw')),
        CONSTRAINT "privacy_notices_version" CHECK ("version" >= 1),
        CONSTRAINT "privacy_notices_body" CHECK (length("body") BETWEEN 1 AND 50000),
        CONSTRAINT "privacy_notices_academy_fk" FOREIGN KEY ("academy_id") REFERENCES "academies"("id") ON DELETE CASCADE,
        CONSTRAINT "privacy_notices_publisher_fk" FOREIGN KEY ("published_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "privacy_notices_one" ON "privacy_notices" ("academy_id", "version", "locale") NULLS NOT DISTINCT`,
    );
    await queryRunner.query(`
      CREATE TABLE "privacy_acknowledgements" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "academy_id" uuid,
        "version" integer NOT NULL,
        "acknowledged_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_privacy_acknowledgements" PRIMARY KEY ("id"),
        CONSTRAINT "privacy_acknowledgements_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "privacy_acknowledgements_academy_fk" FOREIGN KEY ("academy_id") REFERENCES "academies"("id") ON DELETE CASCADE
      )`);
    // One acknowledgement per person, notice (an academy's, or the platform's: NULL) and version.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "privacy_acknowledgements_one" ON "privacy_acknowledgements" ("user_id", "academy_id", "version") NULLS NOT DISTINCT`,
    );
    await queryRunner.query(`
      CREATE TABLE "privacy_consents" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "purpose" varchar(30) NOT NULL,
        "granted_at" timestamptz NOT NULL DEFAULT now(),
        "withdrawn_at" timestamptz,
        CONSTRAINT "PK_privacy_consents" PRIMARY KEY ("id"),
        CONSTRAINT "privacy_consents_purpose" CHECK ("purpose" IN ('cooperation_directory', 'supervisor_follow_up')),
        CONSTRAINT "privacy_consents_order" CHECK ("withdrawn_at" IS NULL OR "withdrawn_at" >= "granted_at"),
        CONSTRAINT "privacy_consents_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "privacy_consents_user" ON "privacy_consents" ("user_id", "purpose", "granted_at")`);
    // At most one consent in force per person and purpose.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "privacy_consents_current" ON "privacy_consents" ("user_id", "purpose") WHERE "withdrawn_at" IS NULL`,
    );
    // Evaluation's supervisor contacts: withdrawing consent (issue 16 point 5) empties a contact whose supervisor has
    // already answered (the answer stays, counted in the results) and marks it withdrawn, so no later wave asks again.
    await queryRunner.query(`ALTER TABLE "supervisor_contacts" ADD "withdrawn_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "supervisor_contacts" DROP COLUMN "withdrawn_at"`);
    await queryRunner.query(`DROP TABLE "privacy_consents"`);
    await queryRunner.query(`DROP TABLE "privacy_acknowledgements"`);
    await queryRunner.query(`DROP TABLE "privacy_notices"`);
  }
}
