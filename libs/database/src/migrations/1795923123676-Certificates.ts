import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Certificates1795923123676 implements MigrationInterface {
  name = 'Certificates1795923123676';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "academy_keys" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "academy_id" uuid NOT NULL,
                "kid" character varying(64) NOT NULL,
                "public_jwk" jsonb NOT NULL,
                "private_key_encrypted" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "retired_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "UQ_647e14790c195224905864557dd" UNIQUE ("kid"),
                CONSTRAINT "PK_6fdb892046d024c573073e2b6e4" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "academy_keys_academy" ON "academy_keys" ("academy_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "certificate_counters" (
                "academy_id" uuid NOT NULL,
                "name" character varying(20) NOT NULL,
                "value" integer NOT NULL,
                CONSTRAINT "PK_9eed5321b248643e02d4b7aaee7" PRIMARY KEY ("academy_id", "name")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "certificates" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "academy_id" uuid NOT NULL,
                "cohort_id" uuid NOT NULL,
                "enrolment_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "serial" character varying(40) NOT NULL,
                "code" character varying(20) NOT NULL,
                "record" jsonb NOT NULL,
                "signature" text NOT NULL,
                "kid" character varying(64) NOT NULL,
                "status_index" integer NOT NULL,
                "locale" character varying(5) NOT NULL,
                "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "issued_by" uuid,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "revoked_by" uuid,
                "revocation_reason" text,
                CONSTRAINT "UQ_87af1f436e42688acef033da093" UNIQUE ("serial"),
                CONSTRAINT "UQ_e9e6937f74d9a653f0fc3299132" UNIQUE ("code"),
                CONSTRAINT "PK_e4c7e31e2144300bea7d89eb165" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "certificates_user" ON "certificates" ("user_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "certificates_cohort" ON "certificates" ("cohort_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "certificates_status_index" ON "certificates" ("academy_id", "status_index")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "certificates_one_per_enrolment" ON "certificates" ("enrolment_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "certificate_files" (
                "certificate_id" uuid NOT NULL,
                "variant" character varying(8) NOT NULL,
                "pdf" bytea NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_57100bae1fd1b3da33bca7b438d" PRIMARY KEY ("certificate_id", "variant")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "status_lists" (
                "academy_id" uuid NOT NULL,
                "credential" jsonb NOT NULL,
                "jwt" text NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_16e1e22b90ec5ccaf81117e221e" PRIMARY KEY ("academy_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "academy_branding" (
                "academy_id" uuid NOT NULL,
                "emblem" bytea,
                "emblem_type" character varying(40),
                "signatories" jsonb NOT NULL DEFAULT '[]',
                "bilingual" boolean NOT NULL DEFAULT false,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_c93bf777748f9a94b9f4b6fa33c" PRIMARY KEY ("academy_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "jobs" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "kind" character varying(40) NOT NULL,
                "state" character varying(12) NOT NULL DEFAULT 'queued',
                "done" integer NOT NULL DEFAULT '0',
                "total" integer NOT NULL DEFAULT '0',
                "params" jsonb,
                "result" jsonb,
                "error" text,
                "started_by" uuid NOT NULL,
                "academy_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_cf0a6c42b72fcc7f7c237def345" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "certificate_credentials" (
                "certificate_id" uuid NOT NULL,
                "jwt" text NOT NULL,
                "credential" jsonb NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "certificate_credentials_pk" PRIMARY KEY ("certificate_id"),
                CONSTRAINT "certificate_credentials_certificate_fk" FOREIGN KEY ("certificate_id") REFERENCES "certificates"("id") ON DELETE CASCADE
            )
        `);
    // Fixed windows of requests per key (e.g. the public verification per address), counted in one statement.
    await queryRunner.query(`
            CREATE TABLE "rate_limits" (
                "key" character varying(120) NOT NULL,
                "window_start" TIMESTAMP WITH TIME ZONE NOT NULL,
                "count" integer NOT NULL,
                CONSTRAINT "rate_limits_pk" PRIMARY KEY ("key", "window_start")
            )
        `);
    // Keys of the tables above: people, cohorts and academies are never deleted under a certificate.
    await queryRunner.query(
      `ALTER TABLE "academy_keys" ADD CONSTRAINT "academy_keys_academy_fk" FOREIGN KEY ("academy_id") REFERENCES "academies"("id") ON DELETE RESTRICT`,
    );
    await queryRunner.query(
      `ALTER TABLE "certificate_counters" ADD CONSTRAINT "certificate_counters_academy_fk" FOREIGN KEY ("academy_id") REFERENCES "academies"("id") ON DELETE RESTRICT`,
    );
    await queryRunner.query(
      `ALTER TABLE "certificates" ADD CONSTRAINT "certificates_academy_fk" FOREIGN KEY ("academy_id") REFERENCES "academies"("id") ON DELETE RESTRICT`,
    );
    await queryRunner.query(
      `ALTER TABLE "certificates" ADD CONSTRAINT "certificates_cohort_fk" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT`,
    );
    await queryRunner.query(
      `ALTER TABLE "certificates" ADD CONSTRAINT "certificates_enrolment_fk" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE RESTRICT`,
    );
    await queryRunner.query(
      `ALTER TABLE "certificates" ADD CONSTRAINT "certificates_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT`,
    );
    await queryRunner.query(
      `ALTER TABLE "certificate_files" ADD CONSTRAINT "certificate_files_certificate_fk" FOREIGN KEY ("certificate_id") REFERENCES "certificates"("id") ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "status_lists" ADD CONSTRAINT "status_lists_academy_fk" FOREIGN KEY ("academy_id") REFERENCES "academies"("id") ON DELETE RESTRICT`,
    );
    await queryRunner.query(
      `ALTER TABLE "academy_branding" ADD CONSTRAINT "academy_branding_academy_fk" FOREIGN KEY ("academy_id") REFERENCES "academies"("id") ON DELETE CASCADE`,
    );
    await queryRunner.query(`CREATE INDEX "jobs_started_by" ON "jobs" ("started_by", "created_at")`);
    // A certificate freezes what it certifies: only its revocation may change, once; it is never deleted.
    await queryRunner.query(`
            CREATE FUNCTION certificates_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'certificates are never deleted (revoke instead)'; END IF;
              IF (NEW.id, NEW.academy_id, NEW.cohort_id, NEW.enrolment_id, NEW.user_id, NEW.serial, NEW.code, NEW.record, NEW.signature,
                  NEW.kid, NEW.status_index, NEW.locale, NEW.issued_at, NEW.issued_by)
                 IS DISTINCT FROM (OLD.id, OLD.academy_id, OLD.cohort_id, OLD.enrolment_id, OLD.user_id, OLD.serial, OLD.code, OLD.record,
                  OLD.signature, OLD.kid, OLD.status_index, OLD.locale, OLD.issued_at, OLD.issued_by) THEN
                RAISE EXCEPTION 'a certificate is frozen: only its revocation may change';
              END IF;
              IF OLD.revoked_at IS NOT NULL THEN RAISE EXCEPTION 'a revocation is final'; END IF;
              IF NOT ((NEW.revoked_at IS NULL AND NEW.revoked_by IS NULL AND NEW.revocation_reason IS NULL)
                   OR (NEW.revoked_at IS NOT NULL AND NEW.revoked_by IS NOT NULL AND NEW.revocation_reason IS NOT NULL)) THEN
                RAISE EXCEPTION 'a revocation has a time, an author and a reason';
              END IF;
              RETURN NEW;
            END $$
        `);
    await queryRunner.query(
      `CREATE TRIGGER certificates_frozen BEFORE UPDATE OR DELETE ON "certificates" FOR EACH ROW EXECUTE FUNCTION certificates_frozen()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_limits"`);
    await queryRunner.query(`DROP TABLE "certificate_credentials"`);
    await queryRunner.query(`DROP TRIGGER certificates_frozen ON "certificates"`);
    await queryRunner.query(`DROP FUNCTION certificates_frozen()`);
    await queryRunner.query(`
            DROP TABLE "jobs"
        `);
    await queryRunner.query(`
            DROP TABLE "academy_branding"
        `);
    await queryRunner.query(`
            DROP TABLE "status_lists"
        `);
    await queryRunner.query(`
            DROP TABLE "certificate_files"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."certificates_one_per_enrolment"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."certificates_status_index"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."certificates_cohort"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."certificates_user"
        `);
    await queryRunner.query(`
            DROP TABLE "certificates"
        `);
    await queryRunner.query(`
            DROP TABLE "certificate_counters"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."academy_keys_academy"
        `);
    await queryRunner.query(`
            DROP TABLE "academy_keys"
        `);
  }
}
