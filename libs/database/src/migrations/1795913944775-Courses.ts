import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Courses1795913944775 implements MigrationInterface {
  name = 'Courses1795913944775';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "courses" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "academy_id" uuid NOT NULL,
                "code" character varying(40) NOT NULL,
                "title" jsonb NOT NULL,
                "summary" jsonb NOT NULL DEFAULT '{}',
                "objectives" jsonb NOT NULL DEFAULT '[]',
                "tags" text array NOT NULL DEFAULT '{}',
                "shared" boolean NOT NULL DEFAULT false,
                "created_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_3f70a487cc718ad8eda4e6d58c9" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "courses_academy_code_key" ON "courses" ("academy_id", "code")
        `);
    await queryRunner.query(`
            CREATE TABLE "course_modules" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "course_id" uuid NOT NULL,
                "position" integer NOT NULL,
                "title" jsonb NOT NULL,
                "objectives" jsonb NOT NULL DEFAULT '[]',
                "scenario" jsonb NOT NULL DEFAULT '{}',
                "scenario_html" jsonb NOT NULL DEFAULT '{}',
                "tags" text array NOT NULL DEFAULT '{}',
                CONSTRAINT "PK_4c195db0718e8845a6e09075ebc" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "course_modules_course_position" ON "course_modules" ("course_id", "position")
        `);
    await queryRunner.query(`
            CREATE TABLE "lessons" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "module_id" uuid NOT NULL,
                "position" integer NOT NULL,
                "title" jsonb NOT NULL,
                "body" jsonb NOT NULL DEFAULT '{}',
                "body_html" jsonb NOT NULL DEFAULT '{}',
                "duration_minutes" integer NOT NULL DEFAULT '0',
                "tags" text array NOT NULL DEFAULT '{}',
                CONSTRAINT "PK_9b9a8d455cac672d262d7275730" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "lessons_module_position" ON "lessons" ("module_id", "position")
        `);
    await queryRunner.query(`
            CREATE TABLE "course_versions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "course_id" uuid NOT NULL,
                "number" integer NOT NULL,
                "published_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "published_by" uuid,
                "locales" text array NOT NULL,
                "snapshot" jsonb NOT NULL,
                CONSTRAINT "PK_cc9e77578136a62e599f33d15ff" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "course_versions_course_number_key" ON "course_versions" ("course_id", "number")
        `);
    await queryRunner.query(`
            ALTER TABLE "courses"
            ADD CONSTRAINT "courses_academy_fk" FOREIGN KEY ("academy_id") REFERENCES "academies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "course_modules"
            ADD CONSTRAINT "course_modules_course_fk" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "lessons"
            ADD CONSTRAINT "lessons_module_fk" FOREIGN KEY ("module_id") REFERENCES "course_modules"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "course_versions"
            ADD CONSTRAINT "course_versions_course_fk" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    // A published version is frozen: what was taught can always be shown as it was.
    await queryRunner.query(`
            CREATE FUNCTION course_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'course_versions are immutable once published';
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER course_versions_immutable BEFORE UPDATE OR DELETE ON "course_versions"
            FOR EACH ROW EXECUTE FUNCTION course_versions_immutable()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER course_versions_immutable ON "course_versions"`);
    await queryRunner.query(`DROP FUNCTION course_versions_immutable()`);
    await queryRunner.query(`
            ALTER TABLE "course_versions" DROP CONSTRAINT "course_versions_course_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "lessons" DROP CONSTRAINT "lessons_module_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "course_modules" DROP CONSTRAINT "course_modules_course_fk"
        `);
    await queryRunner.query(`
            ALTER TABLE "courses" DROP CONSTRAINT "courses_academy_fk"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."course_versions_course_number_key"
        `);
    await queryRunner.query(`
            DROP TABLE "course_versions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."lessons_module_position"
        `);
    await queryRunner.query(`
            DROP TABLE "lessons"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."course_modules_course_position"
        `);
    await queryRunner.query(`
            DROP TABLE "course_modules"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."courses_academy_code_key"
        `);
    await queryRunner.query(`
            DROP TABLE "courses"
        `);
  }
}
