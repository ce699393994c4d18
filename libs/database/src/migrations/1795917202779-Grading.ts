import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Grading1795917202779 implements MigrationInterface {
  name = 'Grading1795917202779';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "cohort_assessment_settings" (
                "cohort_id" uuid NOT NULL,
                "assessment_id" uuid NOT NULL,
                "opens_at" TIMESTAMP WITH TIME ZONE,
                "closes_at" TIMESTAMP WITH TIME ZONE,
                "second_marking" boolean NOT NULL DEFAULT false,
                "marking_threshold" numeric(10, 3) NOT NULL DEFAULT '1',
                CONSTRAINT "PK_d066f20e6eda610660ca8129e55" PRIMARY KEY ("cohort_id", "assessment_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "marks" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "response_id" uuid NOT NULL,
                "grader_id" uuid NOT NULL,
                "role" character varying(10) NOT NULL,
                "points" numeric(10, 3) NOT NULL,
                "rubric_levels" integer array,
                "comment" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_051deeb008f7449216d568872c6" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "marks_response" ON "marks" ("response_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "appeals" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "response_id" uuid NOT NULL,
                "cohort_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "reason" text NOT NULL,
                "status" character varying(10) NOT NULL DEFAULT 'open',
                "points_before" numeric(10, 3) NOT NULL,
                "points_after" numeric(10, 3),
                "decided_by" uuid,
                "decision_reason" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "decided_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_ebd2050a02aa78081b5346152bc" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "appeals_one_open" ON "appeals" ("response_id")
            WHERE status = 'open'
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."appeals_one_open"
        `);
    await queryRunner.query(`
            DROP TABLE "appeals"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."marks_response"
        `);
    await queryRunner.query(`
            DROP TABLE "marks"
        `);
    await queryRunner.query(`
            DROP TABLE "cohort_assessment_settings"
        `);
  }
}
