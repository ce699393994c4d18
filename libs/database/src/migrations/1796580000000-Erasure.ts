import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasure that keeps trust (issue 16 point 3, ADR 0014): when a person was erased (`users.erased_at`), and, for each of
 * their certificates, the SHA-256 of the signed record as issued (`record_sha256`, kept before the holder's name is
 * redacted, so that the holder's own copy can still be matched) and when the holder was erased. The frozen-certificate
 * trigger lets erasure change exactly that, once: the holder's name in the record (to ''), the kept hash and the time.
 */
const FROZEN_WITH_ERASURE = `
  CREATE OR REPLACE FUNCTION certificates_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'certificates are never deleted (revoke instead)'; END IF;
    -- Erasure (ADR 0014), once: the holder's name leaves the record and the hash of the record as signed is kept;
    -- nothing else changes, a revoked certificate included.
    IF OLD.holder_erased_at IS NULL AND NEW.holder_erased_at IS NOT NULL THEN
      IF (NEW.record - 'holder') IS DISTINCT FROM (OLD.record - 'holder')
         OR NEW.record -> 'holder' -> 'id' IS DISTINCT FROM OLD.record -> 'holder' -> 'id'
         OR NEW.record -> 'holder' ->> 'name' IS DISTINCT FROM ''
         OR (NEW.id, NEW.academy_id, NEW.cohort_id, NEW.enrolment_id, NEW.user_id, NEW.serial, NEW.code, NEW.signature, NEW.kid,
             NEW.status_index, NEW.locale, NEW.issued_at, NEW.issued_by, NEW.revoked_at, NEW.revoked_by, NEW.revocation_reason)
            IS DISTINCT FROM (OLD.id, OLD.academy_id, OLD.cohort_id, OLD.enrolment_id, OLD.user_id, OLD.serial, OLD.code, OLD.signature,
             OLD.kid, OLD.status_index, OLD.locale, OLD.issued_at, OLD.issued_by, OLD.revoked_at, OLD.revoked_by, OLD.revocation_reason) THEN
        RAISE EXCEPTION 'erasure removes only the holder''s name from a certificate';
      END IF;
      RETURN NEW;
    END IF;
    IF (NEW.holder_erased_at, NEW.record_sha256) IS DISTINCT FROM (OLD.holder_erased_at, OLD.record_sha256) THEN
      RAISE EXCEPTION 'an erasure is final';
    END IF;
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
  END $$`;

/** The function as 1795923123676-Certificates made it (for `down`). */
const FROZEN = `
  CREATE OR REPLACE FUNCTION certificates_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
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
  END $$`;

export class Erasure1796580000000 implements MigrationInterface {
  name = 'Erasure1796580000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "erased_at" timestamptz`);
    await queryRunner.query(`ALTER TABLE "certificates" ADD "record_sha256" char(64), ADD "holder_erased_at" timestamptz`);
    await queryRunner.query(
      `ALTER TABLE "assistance_participation_certificates" ADD "record_sha256" char(64), ADD "holder_erased_at" timestamptz`,
    );
    await queryRunner.query(FROZEN_WITH_ERASURE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(FROZEN);
    await queryRunner.query(
      `ALTER TABLE "assistance_participation_certificates" DROP COLUMN "record_sha256", DROP COLUMN "holder_erased_at"`,
    );
    await queryRunner.query(`ALTER TABLE "certificates" DROP COLUMN "record_sha256", DROP COLUMN "holder_erased_at"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "erased_at"`);
  }
}
