import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (column: string, codes: string[]): string => `"${column}" IN (${codes.map((c) => `'${c}'`).join(', ')})`;
const SEXES = ['female', 'male', 'another', 'not_stated'];
const AGENCY_TYPES = ['police', 'prosecution', 'customs', 'drug_control', 'intelligence', 'border_guard', 'judiciary', 'other'];
const FUNCTIONS = ['investigator', 'prosecutor', 'analyst', 'intelligence_officer', 'supervisor_manager', 'trainer', 'other'];
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
const ACTION_STATES = ['open', 'in_progress', 'done', 'dropped'];

/**
 * Cooperation initiatives (issue 15, ADR 0013), owned by `libs/cooperation`: an initiative (several languages, a
 * format, dates, a budget line) of a facility manager or of an academy (`lead_academy_id`), the institutions taking
 * part (the technical assistance facility's institutions; an academy other than the lead is invited and takes part
 * once its administrator accepts), links to cohorts and missions it builds on, participants per institution and
 * their attendance, materials (files in PostgreSQL), action items with a status history, outcome reports per
 * institution at 3 and 6 months (aggregate counts only), and the opt-in directory of counterparts with its consent
 * history. No table holds anything about cases or operations.
 */
export class CooperationInitiatives1796530000000 implements MigrationInterface {
  name = 'CooperationInitiatives1796530000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "cooperation_initiative_number"`);
    await queryRunner.query(`
      CREATE TABLE "cooperation_initiatives" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "reference" character varying(20) NOT NULL,
        "lead_academy_id" uuid,
        "title" jsonb NOT NULL,
        "purpose" jsonb NOT NULL DEFAULT '{}',
        "format" character varying(30) NOT NULL,
        "topic" character varying(40) NOT NULL,
        "status" character varying(20) NOT NULL DEFAULT 'planned',
        "starts_on" date NOT NULL,
        "ends_on" date NOT NULL,
        "venue" character varying(300) NOT NULL DEFAULT '',
        "online" boolean NOT NULL DEFAULT false,
        "agenda" jsonb NOT NULL DEFAULT '[]',
        "budget_line" character varying(300) NOT NULL DEFAULT '',
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_cooperation_initiatives" PRIMARY KEY ("id"),
        CONSTRAINT "cooperation_initiatives_reference" UNIQUE ("reference"),
        CONSTRAINT "cooperation_initiatives_format" CHECK (${list('format', ['regional_meeting', 'joint_exercise', 'exchange_visit', 'conference'])}),
        CONSTRAINT "cooperation_initiatives_topic" CHECK (${list('topic', TOPICS)}),
        CONSTRAINT "cooperation_initiatives_status" CHECK (${list('status', ['planned', 'held', 'closed', 'cancelled'])}),
        CONSTRAINT "cooperation_initiatives_dates" CHECK ("ends_on" >= "starts_on"),
        CONSTRAINT "cooperation_initiatives_place" CHECK ("online" OR length("venue") > 0),
        CONSTRAINT "cooperation_initiatives_lead_academy_fk" FOREIGN KEY ("lead_academy_id") REFERENCES "academies"("id") ON DELETE SET NULL,
        CONSTRAINT "cooperation_initiatives_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX "cooperation_initiatives_lead_academy" ON "cooperation_initiatives" ("lead_academy_id")`);
    await queryRunner.query(`
      CREATE TABLE "cooperation_memberships" (
        "initiative_id" uuid NOT NULL,
        "institution_id" uuid NOT NULL,
        "status" character varying(20) NOT NULL,
        "invited_by" uuid,
        "decided_by" uuid,
        "decided_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_cooperation_memberships" PRIMARY KEY ("initiative_id", "institution_id"),
        CONSTRAINT "cooperation_memberships_status" CHECK (${list('status', ['invited', 'accepted', 'declined'])}),
        CONSTRAINT "cooperation_memberships_initiative_fk" FOREIGN KEY ("initiative_id") REFERENCES "cooperation_initiatives"("id") ON DELETE CASCADE,
        CONSTRAINT "cooperation_memberships_institution_fk" FOREIGN KEY ("institution_id") REFERENCES "assistance_institutions"("id") ON DELETE RESTRICT,
        CONSTRAINT "cooperation_memberships_invited_by_fk" FOREIGN KEY ("invited_by") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "cooperation_memberships_decided_by_fk" FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX "cooperation_memberships_institution" ON "cooperation_memberships" ("institution_id")`);
    await queryRunner.query(`
      CREATE TABLE "cooperation_links" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "initiative_id" uuid NOT NULL,
        "cohort_id" uuid,
        "mission_id" uuid,
        CONSTRAINT "PK_cooperation_links" PRIMARY KEY ("id"),
        CONSTRAINT "cooperation_links_one" CHECK (("cohort_id" IS NULL) <> ("mission_id" IS NULL)),
        CONSTRAINT "cooperation_links_initiative_fk" FOREIGN KEY ("initiative_id") REFERENCES "cooperation_initiatives"("id") ON DELETE CASCADE,
        CONSTRAINT "cooperation_links_cohort_fk" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE,
        CONSTRAINT "cooperation_links_mission_fk" FOREIGN KEY ("mission_id") REFERENCES "assistance_missions"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "cooperation_links_unique" ON "cooperation_links" ("initiative_id", COALESCE("cohort_id", "mission_id"))`,
    );
    await queryRunner.query(`
      CREATE TABLE "cooperation_participants" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "initiative_id" uuid NOT NULL,
        "institution_id" uuid NOT NULL,
        "user_id" uuid,
        "full_name" character varying(200) NOT NULL,
        "email" character varying(254),
        "sex" character varying(20),
        "agency_type" character varying(30),
        "function" character varying(30),
        "country" character varying(2),
        "organisation" character varying(200) NOT NULL DEFAULT '',
        "added_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_cooperation_participants" PRIMARY KEY ("id"),
        CONSTRAINT "cooperation_participants_sex" CHECK (${list('sex', SEXES)}),
        CONSTRAINT "cooperation_participants_agency_type" CHECK (${list('agency_type', AGENCY_TYPES)}),
        CONSTRAINT "cooperation_participants_function" CHECK (${list('function', FUNCTIONS)}),
        CONSTRAINT "cooperation_participants_country" CHECK ("country" ~ '^[A-Z]{2}$'),
        CONSTRAINT "cooperation_participants_membership_fk" FOREIGN KEY ("initiative_id", "institution_id") REFERENCES "cooperation_memberships"("initiative_id", "institution_id") ON DELETE CASCADE,
        CONSTRAINT "cooperation_participants_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL,
        CONSTRAINT "cooperation_participants_added_by_fk" FOREIGN KEY ("added_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "cooperation_participants_initiative" ON "cooperation_participants" ("initiative_id", "institution_id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "cooperation_participants_user" ON "cooperation_participants" ("initiative_id", "user_id") WHERE "user_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "cooperation_participants_user_any" ON "cooperation_participants" ("user_id") WHERE "user_id" IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE "cooperation_attendance" (
        "participant_id" uuid NOT NULL,
        "day" date NOT NULL,
        "present" boolean NOT NULL,
        "recorded_by" uuid,
        "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_cooperation_attendance" PRIMARY KEY ("participant_id", "day"),
        CONSTRAINT "cooperation_attendance_participant_fk" FOREIGN KEY ("participant_id") REFERENCES "cooperation_participants"("id") ON DELETE CASCADE,
        CONSTRAINT "cooperation_attendance_recorded_by_fk" FOREIGN KEY ("recorded_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "cooperation_materials" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "initiative_id" uuid NOT NULL,
        "file_name" character varying(200) NOT NULL,
        "media_type" character varying(100) NOT NULL,
        "size" integer NOT NULL,
        "sha256" character(64) NOT NULL,
        "content" bytea NOT NULL,
        "uploaded_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_cooperation_materials" PRIMARY KEY ("id"),
        CONSTRAINT "cooperation_materials_size" CHECK ("size" BETWEEN 1 AND 10485760 AND octet_length("content") = "size"),
        CONSTRAINT "cooperation_materials_initiative_fk" FOREIGN KEY ("initiative_id") REFERENCES "cooperation_initiatives"("id") ON DELETE CASCADE,
        CONSTRAINT "cooperation_materials_uploaded_by_fk" FOREIGN KEY ("uploaded_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX "cooperation_materials_initiative" ON "cooperation_materials" ("initiative_id")`);
    await queryRunner.query(`
      CREATE TABLE "cooperation_action_items" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "initiative_id" uuid NOT NULL,
        "position" integer NOT NULL,
        "body" text NOT NULL,
        "owner_institution_id" uuid NOT NULL,
        "due_on" date NOT NULL,
        "status" character varying(20) NOT NULL DEFAULT 'open',
        "updated_by" uuid,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_cooperation_action_items" PRIMARY KEY ("id"),
        CONSTRAINT "cooperation_action_items_position" UNIQUE ("initiative_id", "position"),
        CONSTRAINT "cooperation_action_items_status" CHECK (${list('status', ACTION_STATES)}),
        CONSTRAINT "cooperation_action_items_body" CHECK (length("body") BETWEEN 1 AND 2000),
        CONSTRAINT "cooperation_action_items_initiative_fk" FOREIGN KEY ("initiative_id") REFERENCES "cooperation_initiatives"("id") ON DELETE CASCADE,
        CONSTRAINT "cooperation_action_items_owner_fk" FOREIGN KEY ("initiative_id", "owner_institution_id") REFERENCES "cooperation_memberships"("initiative_id", "institution_id") ON DELETE RESTRICT,
        CONSTRAINT "cooperation_action_items_updated_by_fk" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "cooperation_action_items_due" ON "cooperation_action_items" ("due_on") WHERE "status" IN ('open', 'in_progress')`,
    );
    await queryRunner.query(`
      CREATE TABLE "cooperation_action_item_updates" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "action_item_id" uuid NOT NULL,
        "status" character varying(20) NOT NULL,
        "note" text NOT NULL DEFAULT '',
        "by" uuid,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_cooperation_action_item_updates" PRIMARY KEY ("id"),
        CONSTRAINT "cooperation_action_item_updates_status" CHECK (${list('status', ACTION_STATES)}),
        CONSTRAINT "cooperation_action_item_updates_item_fk" FOREIGN KEY ("action_item_id") REFERENCES "cooperation_action_items"("id") ON DELETE CASCADE,
        CONSTRAINT "cooperation_action_item_updates_by_fk" FOREIGN KEY ("by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "cooperation_action_item_updates_item" ON "cooperation_action_item_updates" ("action_item_id", "at")`,
    );
    await queryRunner.query(`
      CREATE TABLE "cooperation_follow_ups" (
        "initiative_id" uuid NOT NULL,
        "wave" smallint NOT NULL,
        "due_on" date NOT NULL,
        "notified_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_cooperation_follow_ups" PRIMARY KEY ("initiative_id", "wave"),
        CONSTRAINT "cooperation_follow_ups_wave" CHECK ("wave" IN (3, 6)),
        CONSTRAINT "cooperation_follow_ups_initiative_fk" FOREIGN KEY ("initiative_id") REFERENCES "cooperation_initiatives"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "cooperation_follow_ups_due" ON "cooperation_follow_ups" ("due_on") WHERE "notified_at" IS NULL`);
    await queryRunner.query(`
      CREATE TABLE "cooperation_outcome_reports" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "initiative_id" uuid NOT NULL,
        "institution_id" uuid NOT NULL,
        "wave" smallint NOT NULL,
        "joint_investigations" integer NOT NULL DEFAULT 0,
        "mla_requests" integer NOT NULL DEFAULT 0,
        "extradition_requests" integer NOT NULL DEFAULT 0,
        "joint_operations" integer NOT NULL DEFAULT 0,
        "information_exchanges" integer NOT NULL DEFAULT 0,
        "mous_signed" integer NOT NULL DEFAULT 0,
        "note" text NOT NULL DEFAULT '',
        "submitted_by" uuid,
        "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_cooperation_outcome_reports" PRIMARY KEY ("id"),
        CONSTRAINT "cooperation_outcome_reports_once" UNIQUE ("initiative_id", "institution_id", "wave"),
        CONSTRAINT "cooperation_outcome_reports_wave" CHECK ("wave" IN (3, 6)),
        CONSTRAINT "cooperation_outcome_reports_counts" CHECK ("joint_investigations" BETWEEN 0 AND 10000 AND "mla_requests" BETWEEN 0 AND 10000
          AND "extradition_requests" BETWEEN 0 AND 10000 AND "joint_operations" BETWEEN 0 AND 10000
          AND "information_exchanges" BETWEEN 0 AND 10000 AND "mous_signed" BETWEEN 0 AND 10000),
        CONSTRAINT "cooperation_outcome_reports_note" CHECK (length("note") <= 2000),
        CONSTRAINT "cooperation_outcome_reports_membership_fk" FOREIGN KEY ("initiative_id", "institution_id") REFERENCES "cooperation_memberships"("initiative_id", "institution_id") ON DELETE CASCADE,
        CONSTRAINT "cooperation_outcome_reports_submitted_by_fk" FOREIGN KEY ("submitted_by") REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "cooperation_directory_entries" (
        "user_id" uuid NOT NULL,
        "display_name" character varying(200) NOT NULL,
        "agency" character varying(200) NOT NULL DEFAULT '',
        "country" character varying(2),
        "languages" character varying(3)[] NOT NULL DEFAULT '{}',
        "topics" character varying(40)[] NOT NULL DEFAULT '{}',
        "work_contact" character varying(300) NOT NULL,
        "opted_in_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_cooperation_directory_entries" PRIMARY KEY ("user_id"),
        CONSTRAINT "cooperation_directory_entries_country" CHECK ("country" ~ '^[A-Z]{2}$'),
        CONSTRAINT "cooperation_directory_entries_topics" CHECK ("topics" <@ ARRAY[${TOPICS.map((t) => `'${t}'`).join(', ')}]::character varying(40)[]),
        CONSTRAINT "cooperation_directory_entries_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    // Each opt-in and opt-out, kept after the entry is gone: the record of consent, with no contact data.
    await queryRunner.query(`
      CREATE TABLE "cooperation_directory_consents" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "action" character varying(10) NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_cooperation_directory_consents" PRIMARY KEY ("id"),
        CONSTRAINT "cooperation_directory_consents_action" CHECK (${list('action', ['opt_in', 'opt_out'])}),
        CONSTRAINT "cooperation_directory_consents_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "cooperation_directory_consents_user" ON "cooperation_directory_consents" ("user_id", "at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'cooperation_directory_consents',
      'cooperation_directory_entries',
      'cooperation_outcome_reports',
      'cooperation_follow_ups',
      'cooperation_action_item_updates',
      'cooperation_action_items',
      'cooperation_materials',
      'cooperation_attendance',
      'cooperation_participants',
      'cooperation_links',
      'cooperation_memberships',
      'cooperation_initiatives',
    ])
      await queryRunner.query(`DROP TABLE "${table}"`);
    await queryRunner.query(`DROP SEQUENCE "cooperation_initiative_number"`);
  }
}
