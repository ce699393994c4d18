import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Whether an academy prints the final result (percent) on its certificates and shows it on public verification; off by default. */
export class PrintResult1796305021872 implements MigrationInterface {
  name = 'PrintResult1796305021872';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "academy_branding" ADD "print_result" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "academy_branding" DROP COLUMN "print_result"`);
  }
}
