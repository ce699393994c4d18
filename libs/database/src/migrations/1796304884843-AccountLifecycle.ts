import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Account lifecycle: API tokens carry the account's token version (deactivation, password changes and
 * resets raise it) and can be revoked one by one (logout); login attempts are counted per account and
 * client address, and per address, in rows updated atomically (they replace login_failures).
 */
export class AccountLifecycle1796304884843 implements MigrationInterface {
  name = 'AccountLifecycle1796304884843';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "token_version" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`
            CREATE TABLE "revoked_tokens" (
                "jti" uuid NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_revoked_tokens" PRIMARY KEY ("jti")
            )
        `);
    await queryRunner.query(`CREATE INDEX "revoked_tokens_expires_at" ON "revoked_tokens" ("expires_at")`);
    await queryRunner.query(`
            CREATE TABLE "login_throttles" (
                "email" character varying(254) NOT NULL,
                "address" character varying(64) NOT NULL,
                "failures" integer NOT NULL,
                "first_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "last_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "locked_until" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_login_throttles" PRIMARY KEY ("email", "address")
            )
        `);
    await queryRunner.query(`CREATE INDEX "login_throttles_address" ON "login_throttles" ("address")`);
    await queryRunner.query(`DROP TABLE "login_failures"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "login_failures" (
                "id" BIGSERIAL NOT NULL,
                "email" character varying(254) NOT NULL,
                "ip" character varying(64) NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_login_failures" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`CREATE INDEX "login_failures_ip_at" ON "login_failures" ("ip", "at")`);
    await queryRunner.query(`CREATE INDEX "login_failures_email_at" ON "login_failures" ("email", "at")`);
    await queryRunner.query(`DROP TABLE "login_throttles"`);
    await queryRunner.query(`DROP TABLE "revoked_tokens"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "token_version"`);
  }
}
