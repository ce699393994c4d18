import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Assessments1795916316601 implements MigrationInterface {
  name = 'Assessments1795916316601';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "assessments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "course_id" uuid NOT NULL,
                "kind" character varying(20) NOT NULL,
                "title" jsonb NOT NULL,
                "item_ids" uuid array NOT NULL,
                "pass_percent" integer NOT NULL,
                "time_limit_minutes" integer,
                "max_attempts" integer,
                "shuffle" boolean NOT NULL DEFAULT false,
                "blind_grading" boolean NOT NULL DEFAULT false,
                "policy" character varying(10) NOT NULL DEFAULT 'best',
                "created_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a3442bd80a00e9111cefca57f6c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "assessments_course" ON "assessments" ("course_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "attempts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "cohort_id" uuid NOT NULL,
                "assessment_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "number" integer NOT NULL,
                "seed" integer NOT NULL,
                "status" character varying(20) NOT NULL DEFAULT 'in_progress',
                "shown" jsonb NOT NULL,
                "locale" character varying(5) NOT NULL,
                "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "deadline" TIMESTAMP WITH TIME ZONE,
                "submitted_at" TIMESTAMP WITH TIME ZONE,
                "score" numeric(10, 3),
                "max_score" numeric(10, 3) NOT NULL,
                "percent" numeric(6, 2),
                "passed" boolean,
                CONSTRAINT "PK_295ca261e361fd2fd217754dcac" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "attempts_one_number" ON "attempts" (
                "cohort_id",
                "assessment_id",
                "user_id",
                "number"
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "attempts_cohort_assessment_user" ON "attempts" ("cohort_id", "assessment_id", "user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "responses" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "attempt_id" uuid NOT NULL,
                "item_id" uuid NOT NULL,
                "value" jsonb NOT NULL DEFAULT '{}',
                "saved_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "points" numeric(10, 3),
                "max_points" numeric(10, 3) NOT NULL,
                "graded_by" uuid,
                "graded_at" TIMESTAMP WITH TIME ZONE,
                "comment" text,
                "rubric_levels" integer array,
                CONSTRAINT "PK_be3bdac59bd243dff421ad7bf70" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "responses_attempt_item_key" ON "responses" ("attempt_id", "item_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "items" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "course_id" uuid NOT NULL,
                "author_id" uuid,
                "status" character varying(12) NOT NULL DEFAULT 'draft',
                "current_revision" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_ba5885359424c15ca6b9e79bcf6" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "items_course" ON "items" ("course_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "item_revisions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "item_id" uuid NOT NULL,
                "revision" integer NOT NULL,
                "content" jsonb NOT NULL,
                "created_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "approved_by" uuid,
                "approved_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_0e2563fa16456183133e019ce60" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "item_revisions_item_revision_key" ON "item_revisions" ("item_id", "revision")
        `);
    await queryRunner.query(`
            ALTER TABLE "assessments"
            ADD CONSTRAINT "assessments_course_fk" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "attempts"
            ADD CONSTRAINT "attempts_cohort_fk" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "attempts"
            ADD CONSTRAINT "attempts_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "responses"
            ADD CONSTRAINT "responses_attempt_fk" FOREIGN KEY ("attempt_id") REFERENCES "attempts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "items"
            ADD CONSTRAINT "items_course_fk" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "item_revisions"
            ADD CONSTRAINT "item_revisions_item_fk" FOREIGN KEY ("item_id") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "item_revisions" DROP CONSTRAINT "item_revisions_item_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "items" DROP CONSTRAINT "items_course_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "responses" DROP CONSTRAINT "responses_attempt_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "attempts" DROP CONSTRAINT "attempts_user_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "attempts" DROP CONSTRAINT "attempts_cohort_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "assessments" DROP CONSTRAINT "assessments_course_fk"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."item_revisions_item_revision_key"
        `);
    await queryRunner.query(`
            DROP TABLE "item_revisions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."items_course"
        `);
    await queryRunner.query(`
            DROP TABLE "items"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."responses_attempt_item_key"
        `);
    await queryRunner.query(`
            DROP TABLE "responses"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."attempts_cohort_assessment_user"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."attempts_one_number"
        `);
    await queryRunner.query(`
            DROP TABLE "attempts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."assessments_course"
        `);
    await queryRunner.query(`
            DROP TABLE "assessments"
        `);
  }
}
