import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each academy's IANA time zone: session times are entered and shown in it, certificates dated in it. */
export class AcademyTimeZone1795930000000 implements MigrationInterface {
  name = 'AcademyTimeZone1795930000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "academies" ADD "time_zone" character varying(64) NOT NULL DEFAULT 'UTC'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "academies" DROP COLUMN "time_zone"`);
  }
}
