import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each running worker's heartbeat, so that the servers' `/health/ready` can say how many workers are alive. */
export class WorkerHeartbeats1796410000000 implements MigrationInterface {
  name = 'WorkerHeartbeats1796410000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "worker_heartbeats" ("id" character varying(100) NOT NULL, "host" character varying(255) NOT NULL, "pid" integer NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "draining" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_worker_heartbeats" PRIMARY KEY ("id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "worker_heartbeats"`);
  }
}
