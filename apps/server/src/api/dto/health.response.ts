import { ApiProperty } from '@nestjs/swagger';

export class HealthResponseDto {
  @ApiProperty({ enum: ['ok', 'error'] })
  status: string;

  @ApiProperty({ enum: ['up', 'down'], description: 'Whether the database answers' })
  db: string;
}

export function mapHealth(status: 'ok' | 'error', db: 'up' | 'down'): HealthResponseDto {
  return { status, db };
}
