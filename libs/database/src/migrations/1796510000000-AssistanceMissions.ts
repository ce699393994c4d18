import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (column: string, codes: string[]): string => `"${column}" IN (${codes.map((c) => `'${c}'`).join(', ')})`;
const SEXES = ['female', 'male', 'another', 'not_stated'];
const AGENCY_TYPES = ['police', 'prosecution', 'customs', 'drug_control', 'intelligence', 'border_guard', 'judiciary', 'other'];
const FUNCTIONS = ['investigator', 'prosecutor', 'analyst', 'intelligence_officer', 'supervisor_manager', 'trainer', 'other'];
const RECOMMENDATION_STATES = ['not_started', 'in_progress', 'implemented'];

/**
 * The Technical Assistance Facility, second part (issue 14 points 4-5, ADR 0012), owned by `libs/assistance`: a
 * mission's participants (learners of Probity or guests described like users for reporting) and their attendance per
 * day, certificates of participation (a record signed with the issuing academy's key), the lead expert's report with
 * its recommendations and their status history (followed up 3 and 6 months after the mission), and short evaluations
 * by participants, experts and the host, on survey templates of kind `mission` (the evaluation context's engine)
 * and anonymous like reaction surveys: who answered and what was answered share no column but the mission.
 */
export class AssistanceMissions1796510000000 implements MigrationInterface {
  name = 'AssistanceMissions1796510000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "assistance_missions" ADD "issuing_academy_id" uuid`);
    await queryRunner.query(`ALTER TABLE "assistance_missions" ADD "delivered_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "assistance_missions" ADD CONSTRAINT "assistance_missions_issuing_academy_fk" FOREIGN KEY ("issuing_academy_id") REFERENCES "academies"("id") ON DELETE SET NULL`,
    );
    await queryRunner.query(`CREATE INDEX "assistance_missions_cohort" ON "assistance_missions" ("cohort_id")`);

    await queryRunner.query(`
      CREATE TABLE "assistance_mission_participants" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "mission_id" uuid NOT NULL,
        "user_id" uuid,
        "full_name" character varying(200) NOT NULL,
        "email" character varying(254),
        "sex" character varying(20),
        "agency_type" character varying(30),
        "function" character varying(30),
        "country" character varying(2),
        "organisation" character varying(200) NOT NULL DEFAULT '',
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_assistance_mission_participants" PRIMARY KEY ("id"),
        CONSTRAINT "assistance_mission_participants_sex" CHECK (${list('sex', SEXES)}),
        CONSTRAINT "assistance_mission_participants_agency_type" CHECK (${list('agency_type', AGENCY_TYPES)}),
        CONSTRAINT "assistance_mission_participants_function" CHECK (${list('function', FUNCTIONS)}),
        CONSTRAINT "assistance_mission_participants_country" CHECK ("country" ~ '^[A-Z]{2}$'),
        CONSTRAINT "assistance_mission_participants_mission_fk" FOREIGN KEY ("mission_id") REFERENCES "assistance_missions"("id") ON DELETE CASCADE,
        CONSTRAINT "assistance_mission_participants_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "assistance_mission_participants_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX "assistance_mission_participants_mission" ON "assistance_mission_participants" ("mission_id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "assistance_mission_participants_user" ON "assistance_mission_participants" ("mission_id", "user_id") WHERE "user_id" IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE "assistance_mission_attendance" (
        "participant_id" uuid NOT NULL,
        "day" date NOT NULL,
        "present" boolean NOT NULL,
        "recorded_by" uuid,
        "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_assistance_mission_attendance" PRIMARY KEY ("participant_id", "day"),
        CONSTRAINT "assistance_mission_attendance_participant_fk" FOREIGN KEY ("participant_id") REFERENCES "assistance_mission_participants"("id") ON DELETE CASCADE,
        CONSTRAINT "assistance_mission_attendance_recorded_by_fk" FOREIGN KEY ("recorded_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "assistance_participation_certificates" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "participant_id" uuid NOT NULL,
        "mission_id" uuid NOT NULL,
        "academy_id" uuid NOT NULL,
        "code" character varying(24) NOT NULL,
        "record" jsonb NOT NULL,
        "signature" text NOT NULL,
        "kid" character varying(64) NOT NULL,
        "issued_by" uuid,
        "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        "revoked_reason" text,
        CONSTRAINT "PK_assistance_participation_certificates" PRIMARY KEY ("id"),
        CONSTRAINT "assistance_participation_certificates_code" UNIQUE ("code"),
        CONSTRAINT "assistance_participation_certificates_participant" UNIQUE ("participant_id"),
        CONSTRAINT "assistance_participation_certificates_participant_fk" FOREIGN KEY ("participant_id") REFERENCES "assistance_mission_participants"("id") ON DELETE RESTRICT,
        CONSTRAINT "assistance_participation_certificates_mission_fk" FOREIGN KEY ("mission_id") REFERENCES "assistance_missions"("id") ON DELETE RESTRICT,
        CONSTRAINT "assistance_participation_certificates_academy_fk" FOREIGN KEY ("academy_id") REFERENCES "academies"("id") ON DELETE RESTRICT,
        CONSTRAINT "assistance_participation_certificates_issued_by_fk" FOREIGN KEY ("issued_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "assistance_participation_certificates_mission" ON "assistance_participation_certificates" ("mission_id")`,
    );

    await queryRunner.query(`
      CREATE TABLE "assistance_mission_reports" (
        "mission_id" uuid NOT NULL,
        "author_id" uuid,
        "locale" character varying(5) NOT NULL,
        "activities" text NOT NULL DEFAULT '',
        "findings" text NOT NULL DEFAULT '',
        "submitted_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_assistance_mission_reports" PRIMARY KEY ("mission_id"),
        CONSTRAINT "assistance_mission_reports_mission_fk" FOREIGN KEY ("mission_id") REFERENCES "assistance_missions"("id") ON DELETE CASCADE,
        CONSTRAINT "assistance_mission_reports_author_fk" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "assistance_recommendations" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "mission_id" uuid NOT NULL,
        "position" integer NOT NULL,
        "body" text NOT NULL,
        "owner" character varying(200) NOT NULL,
        "owner_institution_id" uuid,
        "due_on" date NOT NULL,
        "status" character varying(20) NOT NULL DEFAULT 'not_started',
        "updated_by" uuid,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_assistance_recommendations" PRIMARY KEY ("id"),
        CONSTRAINT "assistance_recommendations_position" UNIQUE ("mission_id", "position"),
        CONSTRAINT "assistance_recommendations_status" CHECK (${list('status', RECOMMENDATION_STATES)}),
        CONSTRAINT "assistance_recommendations_body" CHECK (length("body") BETWEEN 1 AND 5000),
        CONSTRAINT "assistance_recommendations_mission_fk" FOREIGN KEY ("mission_id") REFERENCES "assistance_missions"("id") ON DELETE CASCADE,
        CONSTRAINT "assistance_recommendations_owner_institution_fk" FOREIGN KEY ("owner_institution_id") REFERENCES "assistance_institutions"("id") ON DELETE SET NULL,
        CONSTRAINT "assistance_recommendations_updated_by_fk" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "assistance_recommendations_due" ON "assistance_recommendations" ("due_on") WHERE "status" <> 'implemented'`,
    );
    await queryRunner.query(`
      CREATE TABLE "assistance_recommendation_updates" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "recommendation_id" uuid NOT NULL,
        "wave" smallint,
        "status" character varying(20) NOT NULL,
        "note" text NOT NULL DEFAULT '',
        "by" uuid,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_assistance_recommendation_updates" PRIMARY KEY ("id"),
        CONSTRAINT "assistance_recommendation_updates_wave" CHECK ("wave" IN (3, 6)),
        CONSTRAINT "assistance_recommendation_updates_status" CHECK (${list('status', RECOMMENDATION_STATES)}),
        CONSTRAINT "assistance_recommendation_updates_recommendation_fk" FOREIGN KEY ("recommendation_id") REFERENCES "assistance_recommendations"("id") ON DELETE CASCADE,
        CONSTRAINT "assistance_recommendation_updates_by_fk" FOREIGN KEY ("by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "assistance_recommendation_updates_recommendation" ON "assistance_recommendation_updates" ("recommendation_id", "at")`,
    );
    // The 3- and 6-month follow-ups of a mission's recommendations: due from the mission's last day, notified once.
    await queryRunner.query(`
      CREATE TABLE "assistance_mission_follow_ups" (
        "mission_id" uuid NOT NULL,
        "wave" smallint NOT NULL,
        "due_on" date NOT NULL,
        "notified_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_assistance_mission_follow_ups" PRIMARY KEY ("mission_id", "wave"),
        CONSTRAINT "assistance_mission_follow_ups_wave" CHECK ("wave" IN (3, 6)),
        CONSTRAINT "assistance_mission_follow_ups_mission_fk" FOREIGN KEY ("mission_id") REFERENCES "assistance_missions"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "assistance_mission_follow_ups_due" ON "assistance_mission_follow_ups" ("due_on") WHERE "notified_at" IS NULL`,
    );

    // Evaluations: survey templates of kind `mission` (evaluation's engine); answers apart from who answered.
    await queryRunner.query(`ALTER TABLE "survey_templates" DROP CONSTRAINT "survey_templates_kind"`);
    await queryRunner.query(
      `ALTER TABLE "survey_templates" ADD CONSTRAINT "survey_templates_kind" CHECK ("kind" IN ('reaction', 'follow_up_learner', 'follow_up_supervisor', 'mission'))`,
    );
    await queryRunner.query(`
      CREATE TABLE "assistance_evaluation_invitations" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "mission_id" uuid NOT NULL,
        "respondent" character varying(20) NOT NULL,
        "user_id" uuid,
        "participant_id" uuid,
        "answered_on" date,
        CONSTRAINT "PK_assistance_evaluation_invitations" PRIMARY KEY ("id"),
        CONSTRAINT "assistance_evaluation_invitations_respondent" CHECK (${list('respondent', ['participant', 'expert', 'host'])}),
        CONSTRAINT "assistance_evaluation_invitations_who" CHECK ("user_id" IS NOT NULL OR "participant_id" IS NOT NULL),
        CONSTRAINT "assistance_evaluation_invitations_mission_fk" FOREIGN KEY ("mission_id") REFERENCES "assistance_missions"("id") ON DELETE CASCADE,
        CONSTRAINT "assistance_evaluation_invitations_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "assistance_evaluation_invitations_participant_fk" FOREIGN KEY ("participant_id") REFERENCES "assistance_mission_participants"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "assistance_evaluation_invitations_user" ON "assistance_evaluation_invitations" ("mission_id", "respondent", "user_id") WHERE "user_id" IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE "assistance_evaluations" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "mission_id" uuid NOT NULL,
        "respondent" character varying(20) NOT NULL,
        "template_id" uuid NOT NULL,
        "answers" jsonb NOT NULL,
        CONSTRAINT "PK_assistance_evaluations" PRIMARY KEY ("id"),
        CONSTRAINT "assistance_evaluations_respondent" CHECK (${list('respondent', ['participant', 'expert', 'host'])}),
        CONSTRAINT "assistance_evaluations_mission_fk" FOREIGN KEY ("mission_id") REFERENCES "assistance_missions"("id") ON DELETE CASCADE,
        CONSTRAINT "assistance_evaluations_template_fk" FOREIGN KEY ("template_id") REFERENCES "survey_templates"("id") ON DELETE RESTRICT
      )`);
    await queryRunner.query(`CREATE INDEX "assistance_evaluations_mission" ON "assistance_evaluations" ("mission_id", "respondent")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'assistance_evaluations',
      'assistance_evaluation_invitations',
      'assistance_mission_follow_ups',
      'assistance_recommendation_updates',
      'assistance_recommendations',
      'assistance_mission_reports',
      'assistance_participation_certificates',
      'assistance_mission_attendance',
      'assistance_mission_participants',
    ])
      await queryRunner.query(`DROP TABLE "${table}"`);
    await queryRunner.query(`DELETE FROM "survey_templates" WHERE "kind" = 'mission'`);
    await queryRunner.query(`ALTER TABLE "survey_templates" DROP CONSTRAINT "survey_templates_kind"`);
    await queryRunner.query(
      `ALTER TABLE "survey_templates" ADD CONSTRAINT "survey_templates_kind" CHECK ("kind" IN ('reaction', 'follow_up_learner', 'follow_up_supervisor'))`,
    );
    await queryRunner.query(`DROP INDEX "assistance_missions_cohort"`);
    await queryRunner.query(`ALTER TABLE "assistance_missions" DROP COLUMN "delivered_at"`);
    await queryRunner.query(`ALTER TABLE "assistance_missions" DROP COLUMN "issuing_academy_id"`);
  }
}
