import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (column: string, codes: string[]): string => `"${column}" IN (${codes.map((c) => `'${c}'`).join(', ')})`;
const TOPICS = [
  'supply_reduction',
  'demand_reduction',
  'case_integrity',
  'financial_investigation',
  'forensics',
  'international_cooperation',
  'human_rights_in_investigation',
  'other',
];

/**
 * The Technical Assistance Facility, first part (issue 14, ADR 0012), owned by `libs/assistance`: institutions that
 * may ask (an academy, a regional organisation, a national agency) and their focal points; requests with their files
 * (in PostgreSQL, PDF or DOCX up to 10 MB) and comment thread; the expert roster (topics, languages with a level,
 * availability as date ranges, vetting); missions made of approved requests, with their experts.
 */
export class AssistanceFacility1796500000000 implements MigrationInterface {
  name = 'AssistanceFacility1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "assistance_institutions" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "kind" character varying(30) NOT NULL,
        "academy_id" uuid,
        "name" jsonb NOT NULL,
        "country" character varying(2),
        "countries" character varying(2)[] NOT NULL DEFAULT '{}',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_assistance_institutions" PRIMARY KEY ("id"),
        CONSTRAINT "assistance_institutions_kind" CHECK (${list('kind', ['academy', 'regional_organisation', 'national_agency'])}),
        CONSTRAINT "assistance_institutions_academy" CHECK (("kind" = 'academy') = ("academy_id" IS NOT NULL)),
        CONSTRAINT "assistance_institutions_country" CHECK ("country" ~ '^[A-Z]{2}$'),
        CONSTRAINT "assistance_institutions_academy_fk" FOREIGN KEY ("academy_id") REFERENCES "academies"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "assistance_institutions_academy_key" ON "assistance_institutions" ("academy_id")`);
    await queryRunner.query(`
      CREATE TABLE "assistance_focal_points" (
        "user_id" uuid NOT NULL,
        "institution_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_assistance_focal_points" PRIMARY KEY ("user_id"),
        CONSTRAINT "assistance_focal_points_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "assistance_focal_points_institution_fk" FOREIGN KEY ("institution_id") REFERENCES "assistance_institutions"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "assistance_focal_points_institution" ON "assistance_focal_points" ("institution_id")`);

    await queryRunner.query(`CREATE SEQUENCE "assistance_request_number"`);
    await queryRunner.query(`
      CREATE TABLE "assistance_requests" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "reference" character varying(20) NOT NULL,
        "institution_id" uuid NOT NULL,
        "created_by" uuid,
        "locale" character varying(5) NOT NULL,
        "status" character varying(20) NOT NULL DEFAULT 'draft',
        "topic" character varying(40) NOT NULL,
        "format" character varying(20) NOT NULL,
        "title" character varying(200) NOT NULL,
        "need" text NOT NULL DEFAULT '',
        "expected_result" text NOT NULL DEFAULT '',
        "target_group" text NOT NULL DEFAULT '',
        "participants" integer,
        "preferred_from" date,
        "preferred_to" date,
        "languages" character varying(3)[] NOT NULL DEFAULT '{}',
        "screening" jsonb NOT NULL DEFAULT '{}',
        "decision_reason" text,
        "decided_by" uuid,
        "decided_at" TIMESTAMP WITH TIME ZONE,
        "submitted_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_assistance_requests" PRIMARY KEY ("id"),
        CONSTRAINT "assistance_requests_reference" UNIQUE ("reference"),
        CONSTRAINT "assistance_requests_status" CHECK (${list('status', ['draft', 'submitted', 'screening', 'approved', 'rejected', 'withdrawn'])}),
        CONSTRAINT "assistance_requests_topic" CHECK (${list('topic', TOPICS)}),
        CONSTRAINT "assistance_requests_format" CHECK (${list('format', ['expert_mission', 'workshop', 'study_visit', 'short_course'])}),
        CONSTRAINT "assistance_requests_participants" CHECK ("participants" BETWEEN 1 AND 1000),
        CONSTRAINT "assistance_requests_dates" CHECK ("preferred_to" IS NULL OR "preferred_from" IS NULL OR "preferred_to" >= "preferred_from"),
        CONSTRAINT "assistance_requests_decided" CHECK (("status" IN ('approved', 'rejected')) = ("decided_at" IS NOT NULL)),
        CONSTRAINT "assistance_requests_institution_fk" FOREIGN KEY ("institution_id") REFERENCES "assistance_institutions"("id") ON DELETE CASCADE,
        CONSTRAINT "assistance_requests_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "assistance_requests_decided_by_fk" FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX "assistance_requests_institution" ON "assistance_requests" ("institution_id", "status")`);
    await queryRunner.query(`CREATE INDEX "assistance_requests_status" ON "assistance_requests" ("status", "submitted_at")`);
    await queryRunner.query(`
      CREATE TABLE "assistance_request_files" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "request_id" uuid NOT NULL,
        "file_name" character varying(200) NOT NULL,
        "media_type" character varying(100) NOT NULL,
        "size" integer NOT NULL,
        "sha256" character(64) NOT NULL,
        "content" bytea NOT NULL,
        "uploaded_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_assistance_request_files" PRIMARY KEY ("id"),
        CONSTRAINT "assistance_request_files_size" CHECK ("size" BETWEEN 1 AND 10485760 AND octet_length("content") = "size"),
        CONSTRAINT "assistance_request_files_request_fk" FOREIGN KEY ("request_id") REFERENCES "assistance_requests"("id") ON DELETE CASCADE,
        CONSTRAINT "assistance_request_files_uploaded_by_fk" FOREIGN KEY ("uploaded_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX "assistance_request_files_request" ON "assistance_request_files" ("request_id")`);
    await queryRunner.query(`
      CREATE TABLE "assistance_request_comments" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "request_id" uuid NOT NULL,
        "author_id" uuid,
        "body" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_assistance_request_comments" PRIMARY KEY ("id"),
        CONSTRAINT "assistance_request_comments_body" CHECK (length("body") BETWEEN 1 AND 5000),
        CONSTRAINT "assistance_request_comments_request_fk" FOREIGN KEY ("request_id") REFERENCES "assistance_requests"("id") ON DELETE CASCADE,
        CONSTRAINT "assistance_request_comments_author_fk" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "assistance_request_comments_request" ON "assistance_request_comments" ("request_id", "created_at")`,
    );

    await queryRunner.query(`
      CREATE TABLE "assistance_experts" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid,
        "full_name" character varying(200) NOT NULL,
        "email" character varying(254) NOT NULL,
        "sex" character varying(20),
        "country" character varying(2) NOT NULL,
        "institution_id" uuid,
        "organisation" character varying(200) NOT NULL DEFAULT '',
        "public_official" boolean NOT NULL DEFAULT false,
        "topics" character varying(40)[] NOT NULL DEFAULT '{}',
        "vetted_on" date,
        "vetting_expires_on" date,
        "bio" text NOT NULL DEFAULT '',
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "archived_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_assistance_experts" PRIMARY KEY ("id"),
        CONSTRAINT "assistance_experts_email" UNIQUE ("email"),
        CONSTRAINT "assistance_experts_user" UNIQUE ("user_id"),
        CONSTRAINT "assistance_experts_country" CHECK ("country" ~ '^[A-Z]{2}$'),
        CONSTRAINT "assistance_experts_sex" CHECK (${list('sex', ['female', 'male', 'another', 'not_stated'])}),
        CONSTRAINT "assistance_experts_topics" CHECK ("topics" <@ ARRAY[${TOPICS.map((t) => `'${t}'`).join(', ')}]::character varying(40)[]),
        CONSTRAINT "assistance_experts_vetting" CHECK ("vetting_expires_on" IS NULL OR "vetted_on" IS NULL OR "vetting_expires_on" > "vetted_on"),
        CONSTRAINT "assistance_experts_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "assistance_experts_institution_fk" FOREIGN KEY ("institution_id") REFERENCES "assistance_institutions"("id") ON DELETE SET NULL,
        CONSTRAINT "assistance_experts_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX "assistance_experts_topics" ON "assistance_experts" USING gin ("topics")`);
    await queryRunner.query(`
      CREATE TABLE "assistance_expert_languages" (
        "expert_id" uuid NOT NULL,
        "language" character varying(3) NOT NULL,
        "level" character varying(6) NOT NULL,
        CONSTRAINT "PK_assistance_expert_languages" PRIMARY KEY ("expert_id", "language"),
        CONSTRAINT "assistance_expert_languages_language" CHECK ("language" ~ '^[a-z]{2,3}$'),
        CONSTRAINT "assistance_expert_languages_level" CHECK (${list('level', ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native'])}),
        CONSTRAINT "assistance_expert_languages_expert_fk" FOREIGN KEY ("expert_id") REFERENCES "assistance_experts"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "assistance_expert_languages_language" ON "assistance_expert_languages" ("language", "expert_id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "assistance_expert_availability" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "expert_id" uuid NOT NULL,
        "available" daterange NOT NULL,
        "note" character varying(200) NOT NULL DEFAULT '',
        CONSTRAINT "PK_assistance_expert_availability" PRIMARY KEY ("id"),
        CONSTRAINT "assistance_expert_availability_bounded" CHECK (NOT isempty("available") AND NOT lower_inf("available") AND NOT upper_inf("available")),
        CONSTRAINT "assistance_expert_availability_expert_fk" FOREIGN KEY ("expert_id") REFERENCES "assistance_experts"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "assistance_expert_availability_expert" ON "assistance_expert_availability" ("expert_id")`);
    await queryRunner.query(
      `CREATE INDEX "assistance_expert_availability_range" ON "assistance_expert_availability" USING gist ("available")`,
    );

    await queryRunner.query(`
      CREATE TABLE "assistance_missions" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "request_id" uuid NOT NULL,
        "status" character varying(20) NOT NULL DEFAULT 'planned',
        "starts_on" date NOT NULL,
        "ends_on" date NOT NULL,
        "venue" character varying(300) NOT NULL DEFAULT '',
        "online" boolean NOT NULL DEFAULT false,
        "agenda" jsonb NOT NULL DEFAULT '[]',
        "cohort_id" uuid,
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_assistance_missions" PRIMARY KEY ("id"),
        CONSTRAINT "assistance_missions_request" UNIQUE ("request_id"),
        CONSTRAINT "assistance_missions_status" CHECK (${list('status', ['planned', 'running', 'delivered', 'cancelled'])}),
        CONSTRAINT "assistance_missions_dates" CHECK ("ends_on" >= "starts_on"),
        CONSTRAINT "assistance_missions_place" CHECK ("online" OR length("venue") > 0),
        CONSTRAINT "assistance_missions_request_fk" FOREIGN KEY ("request_id") REFERENCES "assistance_requests"("id") ON DELETE CASCADE,
        CONSTRAINT "assistance_missions_cohort_fk" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE SET NULL,
        CONSTRAINT "assistance_missions_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "assistance_mission_experts" (
        "mission_id" uuid NOT NULL,
        "expert_id" uuid NOT NULL,
        "lead" boolean NOT NULL DEFAULT false,
        CONSTRAINT "PK_assistance_mission_experts" PRIMARY KEY ("mission_id", "expert_id"),
        CONSTRAINT "assistance_mission_experts_mission_fk" FOREIGN KEY ("mission_id") REFERENCES "assistance_missions"("id") ON DELETE CASCADE,
        CONSTRAINT "assistance_mission_experts_expert_fk" FOREIGN KEY ("expert_id") REFERENCES "assistance_experts"("id") ON DELETE RESTRICT
      )`);
    await queryRunner.query(`CREATE INDEX "assistance_mission_experts_expert" ON "assistance_mission_experts" ("expert_id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "assistance_mission_experts_lead" ON "assistance_mission_experts" ("mission_id") WHERE "lead"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'assistance_mission_experts',
      'assistance_missions',
      'assistance_expert_availability',
      'assistance_expert_languages',
      'assistance_experts',
      'assistance_request_comments',
      'assistance_request_files',
      'assistance_requests',
      'assistance_focal_points',
      'assistance_institutions',
    ])
      await queryRunner.query(`DROP TABLE "${table}"`);
    await queryRunner.query(`DROP SEQUENCE "assistance_request_number"`);
  }
}
