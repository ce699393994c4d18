import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People described for reporting: sex, agency type and function are controlled lists (CHECK constraints),
 * so that reports can count by them. NULL means "not asked or not recorded"; `not_stated` that the person
 * declined to say. Existing people keep their rows as they are: the two new columns start NULL (not
 * recorded) and nothing is guessed from the free-text agency name or rank, which stay as detail.
 *
 * `sex` had no constraint before (the API allowed only `female` and `male`). A value outside the list is
 * not mapped to anything: the migration stops and names it, and an operator decides what it was.
 * The lists are written out here as they were when this ran (libs/identity/src/people.ts holds the current ones).
 */
export class PeopleForReporting1796420000000 implements MigrationInterface {
  name = 'PeopleForReporting1796420000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const unknown = (await queryRunner.query(
      `SELECT sex, count(*)::int AS n FROM "users"
        WHERE sex IS NOT NULL AND sex NOT IN ('female', 'male', 'another', 'not_stated') GROUP BY sex ORDER BY sex`,
    )) as { sex: string; n: number }[];
    if (unknown.length)
      throw new Error(
        `users.sex holds values outside the list female, male, another, not_stated: ` +
          `${unknown.map((u) => `"${u.sex}" (${u.n})`).join(', ')}. Set each to one of them, or to NULL (not recorded), then migrate again.`,
      );
    await queryRunner.query(`
      ALTER TABLE "users"
        ADD "agency_type" character varying(20),
        ADD "function" character varying(20),
        ADD CONSTRAINT "users_sex_check" CHECK ("sex" IN ('female', 'male', 'another', 'not_stated')),
        ADD CONSTRAINT "users_agency_type_check"
          CHECK ("agency_type" IN ('police', 'prosecution', 'customs', 'drug_control', 'intelligence', 'border_guard', 'judiciary', 'other')),
        ADD CONSTRAINT "users_function_check"
          CHECK ("function" IN ('investigator', 'prosecutor', 'analyst', 'intelligence_officer', 'supervisor_manager', 'trainer', 'other'))
    `);
    await queryRunner.query(
      `COMMENT ON COLUMN "users"."sex" IS 'female, male, another, not_stated (asked, declined to say); NULL: not asked or not recorded'`,
    );
    await queryRunner.query(`COMMENT ON COLUMN "users"."agency_type" IS 'the sector reports count by; NULL: not recorded'`);
    await queryRunner.query(`COMMENT ON COLUMN "users"."function" IS 'what the person does in their agency; NULL: not recorded'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`COMMENT ON COLUMN "users"."sex" IS NULL`);
    await queryRunner.query(`
      ALTER TABLE "users"
        DROP CONSTRAINT "users_function_check",
        DROP CONSTRAINT "users_agency_type_check",
        DROP CONSTRAINT "users_sex_check",
        DROP COLUMN "function",
        DROP COLUMN "agency_type"
    `);
  }
}
