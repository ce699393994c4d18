import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795912378235 implements MigrationInterface {
  name = 'Init1795912378235';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "audit_entries" (
                "id" BIGSERIAL NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "actor_id" uuid,
                "academy_id" uuid,
                "action" character varying(100) NOT NULL,
                "entity_type" character varying(100) NOT NULL,
                "entity_id" character varying(100) NOT NULL,
                "before" jsonb,
                "after" jsonb,
                "prev_hash" character(64) NOT NULL,
                "hash" character(64) NOT NULL,
                CONSTRAINT "PK_6b1623bcad4d04530b76548d619" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "academies" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(12) NOT NULL,
                "name" jsonb NOT NULL,
                "country" character(2) NOT NULL,
                "default_locale" character varying(5) NOT NULL,
                "item_review" boolean NOT NULL DEFAULT false,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_2dfdf9c280e7e43de178ec3bc3e" UNIQUE ("code"),
                CONSTRAINT "PK_abce78680fbad7d56c23118f9e0" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "email" character varying(254) NOT NULL,
                "password_hash" text,
                "full_name" character varying(200) NOT NULL,
                "roles" text array NOT NULL,
                "academy_id" uuid,
                "locale" character varying(5) NOT NULL,
                "sex" character varying(10),
                "agency" character varying(200),
                "rank" character varying(100),
                "active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "users_email_key" ON "users" ("email")
        `);
    await queryRunner.query(`
            CREATE INDEX "users_academy_id" ON "users" ("academy_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "login_failures" (
                "id" BIGSERIAL NOT NULL,
                "email" character varying(254) NOT NULL,
                "ip" character varying(64) NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_8211e8ec810fd7f976b98ce97a0" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "login_failures_ip_at" ON "login_failures" ("ip", "at")
        `);
    await queryRunner.query(`
            CREATE INDEX "login_failures_email_at" ON "login_failures" ("email", "at")
        `);
    await queryRunner.query(`
            CREATE TABLE "web_sessions" (
                "token_hash" character(64) NOT NULL,
                "user_id" uuid NOT NULL,
                "csrf_token" character(43) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_6959865ff07869ea46a236b221a" PRIMARY KEY ("token_hash")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "web_sessions_user_id" ON "web_sessions" ("user_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "users_academy_fk" FOREIGN KEY ("academy_id") REFERENCES "academies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "web_sessions"
            ADD CONSTRAINT "web_sessions_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    // The audit trail is append-only: the application can only insert. Changing or deleting
    // an entry needs a superuser to disable this trigger, and the hash chain then shows it.
    await queryRunner.query(`
            CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_entries is append-only';
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_entries"
            FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_entries_append_only ON "audit_entries"`);
    await queryRunner.query(`DROP FUNCTION audit_entries_append_only()`);
    await queryRunner.query(`
            ALTER TABLE "web_sessions" DROP CONSTRAINT "web_sessions_user_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "users_academy_fk"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."web_sessions_user_id"
        `);
    await queryRunner.query(`
            DROP TABLE "web_sessions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."login_failures_email_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."login_failures_ip_at"
        `);
    await queryRunner.query(`
            DROP TABLE "login_failures"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."users_academy_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."users_email_key"
        `);
    await queryRunner.query(`
            DROP TABLE "users"
        `);
    await queryRunner.query(`
            DROP TABLE "academies"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_entries"
        `);
  }
}
