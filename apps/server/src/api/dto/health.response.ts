import { ApiProperty } from '@nestjs/swagger';
import type { ReadinessReport } from '@probity/database';

export class HealthResponseDto {
  @ApiProperty({ enum: ['ok', 'error'] })
  status: string;

  @ApiProperty({ enum: ['up', 'down'], description: 'Whether the database answers' })
  db: string;
}

export function mapHealth(status: 'ok' | 'error', db: 'up' | 'down'): HealthResponseDto {
  return { status, db };
}

export class LivenessResponseDto {
  @ApiProperty({ enum: ['ok'], description: 'The process is up (the database is not asked)' })
  status: string;
}

export function mapLiveness(): LivenessResponseDto {
  return { status: 'ok' };
}

export class WorkersResponseDto {
  @ApiProperty({ description: 'Workers alive (heartbeat within the last minute)' })
  alive: number;

  @ApiProperty({ description: 'Of those, how many were asked to stop (SIGTERM) and take no new jobs' })
  draining: number;
}

export class ReadinessResponseDto {
  @ApiProperty({ enum: ['ok', 'error'], description: 'ok: send this server work; error: do not (503)' })
  status: string;

  @ApiProperty({ enum: ['up', 'down'], description: 'Whether the database answers' })
  db: string;

  @ApiProperty({ enum: ['applied', 'pending', 'unknown'], description: 'Whether every migration of this version is applied' })
  migrations: string;

  @ApiProperty({ enum: ['up', 'down'], description: 'Whether the job queue is started' })
  queue: string;

  @ApiProperty({ description: 'True once the server was asked to stop (SIGTERM): it finishes what it has, then closes' })
  draining: boolean;

  @ApiProperty({
    type: WorkersResponseDto,
    nullable: true,
    description: 'Workers whose heartbeat is under a minute old (null: unknown, the database did not answer); not part of status',
  })
  workers: WorkersResponseDto | null;

  @ApiProperty({
    enum: ['up', 'down'],
    nullable: true,
    description:
      'Whether the read replica (PROBITY_DATABASE_REPLICA_URL) answers; null: none configured. Not part of status: while it is down, its reads go to the primary',
  })
  replica: string | null;
}

export function mapReadiness(report: ReadinessReport): ReadinessResponseDto {
  return {
    status: report.ready ? 'ok' : 'error',
    db: report.db,
    migrations: report.migrations,
    queue: report.queue,
    draining: report.draining,
    workers: report.workers === 'unknown' ? null : { alive: report.workers.alive, draining: report.workers.draining },
    replica: report.replica,
  };
}
