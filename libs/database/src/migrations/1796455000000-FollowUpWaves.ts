import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Follow-up waves (issue 13 point 3, ADR 0010), owned by `libs/evaluation`. A follow-up questionnaire is a survey
 * template of another kind (`follow_up_learner`, `follow_up_supervisor`) with two more item types: `frequency` (never …
 * always) and `count` (cases, a whole number), and `multi_choice`. A cohort's waves fall months after each learner's
 * completion; each asks the learner and the supervisor they named (`supervisor_contacts`). Confidential, not
 * anonymous: an answer belongs to its invitation (one per wave, learner and respondent). A supervisor's link is a
 * random token of which only the SHA-256 is kept (`follow_up_links`), one per mail.
 */
export class FollowUpWaves1796455000000 implements MigrationInterface {
  name = 'FollowUpWaves1796455000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "survey_templates" ADD "kind" character varying(30) NOT NULL DEFAULT 'reaction'`);
    await queryRunner.query(
      `ALTER TABLE "survey_templates" ADD CONSTRAINT "survey_templates_kind" CHECK ("kind" IN ('reaction', 'follow_up_learner', 'follow_up_supervisor'))`,
    );
    await queryRunner.query(`ALTER TABLE "survey_template_items" DROP CONSTRAINT "survey_template_items_type"`);
    await queryRunner.query(
      `ALTER TABLE "survey_template_items" ADD CONSTRAINT "survey_template_items_type"
         CHECK ("type" IN ('likert', 'single_choice', 'open_text', 'frequency', 'count', 'multi_choice'))`,
    );
    await queryRunner.query(`
      CREATE TABLE "follow_up_waves" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "cohort_id" uuid NOT NULL,
        "academy_id" uuid NOT NULL,
        "months" integer NOT NULL,
        "learner_template_id" uuid NOT NULL,
        "supervisor_template_id" uuid NOT NULL,
        "min_responses" integer NOT NULL DEFAULT 5,
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_follow_up_waves" PRIMARY KEY ("id"),
        CONSTRAINT "follow_up_waves_months" CHECK ("months" BETWEEN 1 AND 24),
        CONSTRAINT "follow_up_waves_min_responses" CHECK ("min_responses" >= 3),
        CONSTRAINT "follow_up_waves_cohort_fk" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE,
        CONSTRAINT "follow_up_waves_academy_fk" FOREIGN KEY ("academy_id") REFERENCES "academies"("id") ON DELETE CASCADE,
        CONSTRAINT "follow_up_waves_learner_template_fk" FOREIGN KEY ("learner_template_id") REFERENCES "survey_templates"("id"),
        CONSTRAINT "follow_up_waves_supervisor_template_fk" FOREIGN KEY ("supervisor_template_id") REFERENCES "survey_templates"("id")
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "follow_up_waves_cohort_months" ON "follow_up_waves" ("cohort_id", "months")`);
    await queryRunner.query(`CREATE INDEX "follow_up_waves_academy" ON "follow_up_waves" ("academy_id")`);
    await queryRunner.query(`
      CREATE TABLE "supervisor_contacts" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "cohort_id" uuid NOT NULL,
        "name" character varying(200) NOT NULL,
        "email" character varying(254) NOT NULL,
        "locale" character varying(5) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_supervisor_contacts" PRIMARY KEY ("id"),
        CONSTRAINT "supervisor_contacts_locale" CHECK ("locale" IN ('en', 'ru', 'ka', 'uk', 'ur', 'sw')),
        CONSTRAINT "supervisor_contacts_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "supervisor_contacts_cohort_fk" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "supervisor_contacts_learner_cohort" ON "supervisor_contacts" ("user_id", "cohort_id")`);
    await queryRunner.query(`
      CREATE TABLE "follow_up_invitations" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "wave_id" uuid NOT NULL,
        "learner_id" uuid NOT NULL,
        "respondent" character varying(12) NOT NULL,
        "contact_id" uuid,
        "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "sent_at" TIMESTAMP WITH TIME ZONE,
        "expires_at" TIMESTAMP WITH TIME ZONE,
        "reminders_sent" integer NOT NULL DEFAULT 0,
        "last_sent_at" TIMESTAMP WITH TIME ZONE,
        "answered_at" TIMESTAMP WITH TIME ZONE,
        "claim_token" uuid,
        "claimed_until" TIMESTAMP WITH TIME ZONE,
        "attempts" integer NOT NULL DEFAULT 0,
        "next_attempt_at" TIMESTAMP WITH TIME ZONE,
        "last_error" character varying(500),
        CONSTRAINT "PK_follow_up_invitations" PRIMARY KEY ("id"),
        CONSTRAINT "follow_up_invitations_respondent" CHECK ("respondent" IN ('learner', 'supervisor')),
        CONSTRAINT "follow_up_invitations_contact" CHECK (("respondent" = 'supervisor') = ("contact_id" IS NOT NULL)),
        CONSTRAINT "follow_up_invitations_reminders" CHECK ("reminders_sent" BETWEEN 0 AND 2),
        CONSTRAINT "follow_up_invitations_wave_fk" FOREIGN KEY ("wave_id") REFERENCES "follow_up_waves"("id") ON DELETE CASCADE,
        CONSTRAINT "follow_up_invitations_learner_fk" FOREIGN KEY ("learner_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "follow_up_invitations_contact_fk" FOREIGN KEY ("contact_id") REFERENCES "supervisor_contacts"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "follow_up_invitations_one" ON "follow_up_invitations" ("wave_id", "learner_id", "respondent")`,
    );
    await queryRunner.query(`CREATE INDEX "follow_up_invitations_learner" ON "follow_up_invitations" ("learner_id")`);
    await queryRunner.query(`CREATE INDEX "follow_up_invitations_contact" ON "follow_up_invitations" ("contact_id")`);
    // What the worker looks at every few minutes: supervisors' mails not yet answered.
    await queryRunner.query(
      `CREATE INDEX "follow_up_invitations_unanswered" ON "follow_up_invitations" ("respondent", "sent_at") WHERE "answered_at" IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE "follow_up_links" (
        "token_sha256" bytea NOT NULL,
        "invitation_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_follow_up_links" PRIMARY KEY ("token_sha256"),
        CONSTRAINT "follow_up_links_sha256" CHECK (octet_length("token_sha256") = 32),
        CONSTRAINT "follow_up_links_invitation_fk" FOREIGN KEY ("invitation_id") REFERENCES "follow_up_invitations"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "follow_up_links_invitation" ON "follow_up_links" ("invitation_id")`);
    await queryRunner.query(`
      CREATE TABLE "follow_up_responses" (
        "invitation_id" uuid NOT NULL,
        "answers" jsonb NOT NULL,
        CONSTRAINT "PK_follow_up_responses" PRIMARY KEY ("invitation_id"),
        CONSTRAINT "follow_up_responses_invitation_fk" FOREIGN KEY ("invitation_id") REFERENCES "follow_up_invitations"("id") ON DELETE CASCADE
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "follow_up_responses"`);
    await queryRunner.query(`DROP TABLE "follow_up_links"`);
    await queryRunner.query(`DROP TABLE "follow_up_invitations"`);
    await queryRunner.query(`DROP TABLE "supervisor_contacts"`);
    await queryRunner.query(`DROP TABLE "follow_up_waves"`);
    await queryRunner.query(`DELETE FROM "survey_templates" WHERE "kind" <> 'reaction'`);
    await queryRunner.query(`ALTER TABLE "survey_template_items" DROP CONSTRAINT "survey_template_items_type"`);
    await queryRunner.query(
      `ALTER TABLE "survey_template_items" ADD CONSTRAINT "survey_template_items_type" CHECK ("type" IN ('likert', 'single_choice', 'open_text'))`,
    );
    await queryRunner.query(`ALTER TABLE "survey_templates" DROP CONSTRAINT "survey_templates_kind"`);
    await queryRunner.query(`ALTER TABLE "survey_templates" DROP COLUMN "kind"`);
  }
}
