import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuditService } from '@probity/audit';
import { type Answer, UUID } from './common.response';

export class AuditVerificationResponseDto {
  @ApiProperty({ description: 'Every entry checked holds: its hash, and its link to its predecessor' })
  ok: boolean;

  @ApiProperty({ description: 'How many entries were checked' })
  entries: number;

  @ApiProperty({ enum: ['platform', 'academy'], description: 'The whole chain, or one academy’s entries' })
  scope: 'platform' | 'academy';

  @ApiPropertyOptional({ ...UUID, description: 'The academy whose entries were checked' })
  academyId?: string;

  @ApiPropertyOptional({ description: 'The first entry, among those checked, whose hash or link does not hold' })
  firstBrokenId?: string;
}

export function mapAuditVerification(result: Answer<AuditService, 'verify'>): AuditVerificationResponseDto {
  return {
    ok: result.ok,
    entries: result.entries,
    scope: result.scope,
    academyId: result.academyId,
    firstBrokenId: result.firstBrokenId,
  };
}
