import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Releases1795916638836 implements MigrationInterface {
  name = 'Releases1795916638836';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "assessment_releases" (
                "cohort_id" uuid NOT NULL,
                "assessment_id" uuid NOT NULL,
                "released_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "released_by" uuid,
                CONSTRAINT "PK_8dc8632de3fa01e42678789aebc" PRIMARY KEY ("cohort_id", "assessment_id")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "assessment_releases"
        `);
  }
}
