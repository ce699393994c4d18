import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Cohorts1795914755800 implements MigrationInterface {
  name = 'Cohorts1795914755800';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "cohorts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "academy_id" uuid NOT NULL,
                "course_version_id" uuid NOT NULL,
                "name" character varying(200) NOT NULL,
                "locale" character varying(5) NOT NULL,
                "starts_on" date NOT NULL,
                "ends_on" date NOT NULL,
                "capacity" integer,
                "venue" character varying(300),
                "status" character varying(10) NOT NULL DEFAULT 'planned',
                "completion" jsonb NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "closed_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_fd38f76b135e907b834fda1e752" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "cohorts_academy" ON "cohorts" ("academy_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "cohort_trainers" (
                "cohort_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                CONSTRAINT "PK_8900567ced8b797e48a9ca55f2c" PRIMARY KEY ("cohort_id", "user_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "cohort_partners" (
                "cohort_id" uuid NOT NULL,
                "academy_id" uuid NOT NULL,
                CONSTRAINT "PK_2c42d5d3905fc6165d8f5584a75" PRIMARY KEY ("cohort_id", "academy_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "enrolments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "cohort_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "status" character varying(20) NOT NULL DEFAULT 'in_progress',
                "enrolled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "enrolled_by" uuid,
                "completed_at" TIMESTAMP WITH TIME ZONE,
                "withdrawn_at" TIMESTAMP WITH TIME ZONE,
                "withdrawal_reason" text,
                "unmet_rules" jsonb,
                CONSTRAINT "PK_6e79971fbd26967c4da9ed52770" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "enrolments_user" ON "enrolments" ("user_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "enrolments_one_open" ON "enrolments" ("cohort_id", "user_id")
            WHERE status <> 'withdrawn'
        `);
    await queryRunner.query(`
            CREATE TABLE "lesson_completions" (
                "cohort_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "lesson_id" uuid NOT NULL,
                "completed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_3493a676afe57cbd43d9996334c" PRIMARY KEY ("cohort_id", "user_id", "lesson_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "assessment_passes" (
                "cohort_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "assessment_id" uuid NOT NULL,
                "passed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_fb8b1e340168ccf7188da638c93" PRIMARY KEY ("cohort_id", "user_id", "assessment_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "notifications" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "kind" character varying(30) NOT NULL,
                "data" jsonb NOT NULL,
                "dedupe_key" character varying(200) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "sent_at" TIMESTAMP WITH TIME ZONE,
                "attempts" integer NOT NULL DEFAULT '0',
                "read_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "notifications_dedupe" ON "notifications" ("user_id", "kind", "dedupe_key")
        `);
    await queryRunner.query(`
            CREATE INDEX "notifications_unsent" ON "notifications" ("sent_at", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "notifications_user_created" ON "notifications" ("user_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "cohort_sessions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "cohort_id" uuid NOT NULL,
                "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "venue" character varying(300),
                "title" character varying(200),
                "register_taken_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_a352e7d92bf23140d9e92ec69d6" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "cohort_sessions_cohort_start" ON "cohort_sessions" ("cohort_id", "starts_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "attendance" (
                "session_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "status" character varying(10) NOT NULL,
                "recorded_by" uuid,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_37e850d97ec5e8b0345ad6eb671" PRIMARY KEY ("session_id", "user_id")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "cohorts"
            ADD CONSTRAINT "cohorts_academy_fk" FOREIGN KEY ("academy_id") REFERENCES "academies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "cohorts"
            ADD CONSTRAINT "cohorts_course_version_fk" FOREIGN KEY ("course_version_id") REFERENCES "course_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "cohort_trainers"
            ADD CONSTRAINT "cohort_trainers_cohort_fk" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "cohort_partners"
            ADD CONSTRAINT "cohort_partners_cohort_fk" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "enrolments"
            ADD CONSTRAINT "enrolments_cohort_fk" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "enrolments"
            ADD CONSTRAINT "enrolments_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "cohort_sessions"
            ADD CONSTRAINT "cohort_sessions_cohort_fk" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "attendance"
            ADD CONSTRAINT "attendance_session_fk" FOREIGN KEY ("session_id") REFERENCES "cohort_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "attendance" DROP CONSTRAINT "attendance_session_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "cohort_sessions" DROP CONSTRAINT "cohort_sessions_cohort_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "enrolments" DROP CONSTRAINT "enrolments_user_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "enrolments" DROP CONSTRAINT "enrolments_cohort_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "cohort_partners" DROP CONSTRAINT "cohort_partners_cohort_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "cohort_trainers" DROP CONSTRAINT "cohort_trainers_cohort_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "cohorts" DROP CONSTRAINT "cohorts_course_version_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "cohorts" DROP CONSTRAINT "cohorts_academy_fk"
        `);
    await queryRunner.query(`
            DROP TABLE "attendance"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."cohort_sessions_cohort_start"
        `);
    await queryRunner.query(`
            DROP TABLE "cohort_sessions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."notifications_user_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."notifications_unsent"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."notifications_dedupe"
        `);
    await queryRunner.query(`
            DROP TABLE "notifications"
        `);
    await queryRunner.query(`
            DROP TABLE "assessment_passes"
        `);
    await queryRunner.query(`
            DROP TABLE "lesson_completions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."enrolments_one_open"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."enrolments_user"
        `);
    await queryRunner.query(`
            DROP TABLE "enrolments"
        `);
    await queryRunner.query(`
            DROP TABLE "cohort_partners"
        `);
    await queryRunner.query(`
            DROP TABLE "cohort_trainers"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."cohorts_academy"
        `);
    await queryRunner.query(`
            DROP TABLE "cohorts"
        `);
  }
}
