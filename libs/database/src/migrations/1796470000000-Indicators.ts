import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The indicator register (issue 13 point 4, ADR 0010), owned by `libs/evaluation`: `indicators` (a measure from a fixed
 * list, filters, a breakdown, baseline and target, a reporting period; platform-wide when `academy_id` is null) and
 * `indicator_values` (one per indicator and period, computed or entered by hand with a note). Codes are unique per
 * academy and among platform-wide indicators (NULLS NOT DISTINCT, PostgreSQL 15).
 */
export class Indicators1796470000000 implements MigrationInterface {
  name = 'Indicators1796470000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "indicators" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "academy_id" uuid,
        "code" character varying(40) NOT NULL,
        "title" jsonb NOT NULL,
        "description" jsonb NOT NULL DEFAULT '{}',
        "measure" character varying(40) NOT NULL,
        "margin" numeric(5,2) NOT NULL DEFAULT 0,
        "country" character varying(2),
        "course_id" uuid,
        "breakdown" character varying(20),
        "unit" jsonb NOT NULL DEFAULT '{}',
        "period_kind" character varying(10) NOT NULL,
        "baseline_value" numeric(14,3),
        "baseline_date" date,
        "target_value" numeric(14,3),
        "target_date" date,
        "archived_at" TIMESTAMP WITH TIME ZONE,
        "created_by" uuid,
        "updated_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_indicators" PRIMARY KEY ("id"),
        CONSTRAINT "indicators_code" UNIQUE NULLS NOT DISTINCT ("academy_id", "code"),
        CONSTRAINT "indicators_measure" CHECK ("measure" IN ('people_trained', 'people_completed', 'people_certified',
          'knowledge_improved_percent', 'mean_normalised_gain', 'mean_satisfaction', 'applying_at_follow_up_percent', 'manual')),
        CONSTRAINT "indicators_margin" CHECK ("margin" BETWEEN 0 AND 100 AND ("margin" = 0 OR "measure" = 'knowledge_improved_percent')),
        CONSTRAINT "indicators_country" CHECK ("country" ~ '^[A-Z]{2}$'),
        CONSTRAINT "indicators_breakdown" CHECK ("breakdown" IN ('sex', 'agencyType', 'function', 'country')),
        CONSTRAINT "indicators_period_kind" CHECK ("period_kind" IN ('quarter', 'half_year', 'year')),
        CONSTRAINT "indicators_dates" CHECK ("target_date" IS NULL OR "baseline_date" IS NULL OR "target_date" > "baseline_date"),
        CONSTRAINT "indicators_academy_fk" FOREIGN KEY ("academy_id") REFERENCES "academies"("id") ON DELETE CASCADE,
        CONSTRAINT "indicators_course_fk" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE SET NULL,
        CONSTRAINT "indicators_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "indicators_updated_by_fk" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX "indicators_academy" ON "indicators" ("academy_id")`);
    await queryRunner.query(`
      CREATE TABLE "indicator_values" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "indicator_id" uuid NOT NULL,
        "period" character varying(10) NOT NULL,
        "period_from" date NOT NULL,
        "period_to" date NOT NULL,
        "value" numeric(14,3),
        "n" integer,
        "breakdown_values" jsonb,
        "source" character varying(10) NOT NULL,
        "note" text,
        "final" boolean NOT NULL DEFAULT false,
        "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "computed_by" uuid,
        CONSTRAINT "PK_indicator_values" PRIMARY KEY ("id"),
        CONSTRAINT "indicator_values_source" CHECK ("source" IN ('computed', 'manual')),
        CONSTRAINT "indicator_values_note" CHECK (("source" = 'manual') = ("note" IS NOT NULL)),
        CONSTRAINT "indicator_values_period_days" CHECK ("period_to" >= "period_from"),
        CONSTRAINT "indicator_values_indicator_fk" FOREIGN KEY ("indicator_id") REFERENCES "indicators"("id") ON DELETE CASCADE,
        CONSTRAINT "indicator_values_computed_by_fk" FOREIGN KEY ("computed_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "indicator_values_period" ON "indicator_values" ("indicator_id", "period")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "indicator_values"`);
    await queryRunner.query(`DROP TABLE "indicators"`);
  }
}
