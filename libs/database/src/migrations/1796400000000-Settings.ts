import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Settings every process of one installation must agree on, e.g. the fingerprint of PROBITY_SECRET (never the secret). */
export class Settings1796400000000 implements MigrationInterface {
  name = 'Settings1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "settings" ("key" character varying(64) NOT NULL, "value" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_settings" PRIMARY KEY ("key"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "settings"`);
  }
}
