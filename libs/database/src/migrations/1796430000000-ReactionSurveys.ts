import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reaction surveys (issue 13, ADR 0010), owned by `libs/evaluation`: templates and their items, a cohort's survey,
 * and anonymity by construction: `survey_invitations` (who answered, on which day) and `survey_responses` (the
 * answers, with a random id and nothing else) share no column but the survey's id.
 */
export class ReactionSurveys1796430000000 implements MigrationInterface {
  name = 'ReactionSurveys1796430000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "survey_templates" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "academy_id" uuid,
        "code" character varying(60),
        "title" jsonb NOT NULL,
        "intro" jsonb NOT NULL DEFAULT '{}',
        "copied_from" uuid,
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_survey_templates_code" UNIQUE ("code"),
        CONSTRAINT "PK_survey_templates" PRIMARY KEY ("id"),
        CONSTRAINT "survey_templates_academy_fk" FOREIGN KEY ("academy_id") REFERENCES "academies"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "survey_templates_academy" ON "survey_templates" ("academy_id")`);
    await queryRunner.query(`
      CREATE TABLE "survey_template_items" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "template_id" uuid NOT NULL,
        "position" integer NOT NULL,
        "type" character varying(20) NOT NULL,
        "scale" character varying(30),
        "text" jsonb NOT NULL,
        "options" jsonb,
        "required" boolean NOT NULL DEFAULT true,
        CONSTRAINT "PK_survey_template_items" PRIMARY KEY ("id"),
        CONSTRAINT "survey_template_items_template_fk" FOREIGN KEY ("template_id") REFERENCES "survey_templates"("id") ON DELETE CASCADE,
        CONSTRAINT "survey_template_items_type" CHECK ("type" IN ('likert', 'single_choice', 'open_text')),
        CONSTRAINT "survey_template_items_scale" CHECK (("type" = 'likert') = ("scale" IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "survey_template_items_position" ON "survey_template_items" ("template_id", "position")`);
    await queryRunner.query(`
      CREATE TABLE "cohort_surveys" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "cohort_id" uuid NOT NULL,
        "academy_id" uuid NOT NULL,
        "template_id" uuid NOT NULL,
        "min_responses" integer NOT NULL DEFAULT 5,
        "closed_at" TIMESTAMP WITH TIME ZONE,
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_cohort_surveys_cohort" UNIQUE ("cohort_id"),
        CONSTRAINT "PK_cohort_surveys" PRIMARY KEY ("id"),
        CONSTRAINT "cohort_surveys_min_responses" CHECK ("min_responses" >= 3),
        CONSTRAINT "cohort_surveys_cohort_fk" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE,
        CONSTRAINT "cohort_surveys_academy_fk" FOREIGN KEY ("academy_id") REFERENCES "academies"("id") ON DELETE CASCADE,
        CONSTRAINT "cohort_surveys_template_fk" FOREIGN KEY ("template_id") REFERENCES "survey_templates"("id")
      )`);
    await queryRunner.query(`CREATE INDEX "cohort_surveys_template" ON "cohort_surveys" ("template_id")`);
    await queryRunner.query(`CREATE INDEX "cohort_surveys_academy" ON "cohort_surveys" ("academy_id")`);
    await queryRunner.query(`
      CREATE TABLE "survey_invitations" (
        "cohort_survey_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "answered_on" date NOT NULL,
        CONSTRAINT "PK_survey_invitations" PRIMARY KEY ("cohort_survey_id", "user_id"),
        CONSTRAINT "survey_invitations_survey_fk" FOREIGN KEY ("cohort_survey_id") REFERENCES "cohort_surveys"("id") ON DELETE CASCADE,
        CONSTRAINT "survey_invitations_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE "survey_responses" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "cohort_survey_id" uuid NOT NULL,
        "answers" jsonb NOT NULL,
        CONSTRAINT "PK_survey_responses" PRIMARY KEY ("id"),
        CONSTRAINT "survey_responses_survey_fk" FOREIGN KEY ("cohort_survey_id") REFERENCES "cohort_surveys"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "survey_responses_survey" ON "survey_responses" ("cohort_survey_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "survey_responses"`);
    await queryRunner.query(`DROP TABLE "survey_invitations"`);
    await queryRunner.query(`DROP TABLE "cohort_surveys"`);
    await queryRunner.query(`DROP TABLE "survey_template_items"`);
    await queryRunner.query(`DROP TABLE "survey_templates"`);
  }
}
