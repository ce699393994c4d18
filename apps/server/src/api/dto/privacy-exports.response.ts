/** Personal data exports (issue 16 point 2). */
import { ApiProperty } from '@nestjs/swagger';
import type { ExportView } from '@probity/privacy';
import { DATE_TIME, UUID } from './common.response';

export class ExportStartedResponseDto {
  @ApiProperty({ ...UUID, description: 'The job that builds the export (its progress: GET /api/v1/jobs/{id})' })
  jobId: string;
}

export class PrivacyExportResponseDto {
  @ApiProperty(UUID) id: string;
  @ApiProperty({ ...UUID, description: 'The person it is about' }) userId: string;
  @ApiProperty({ ...UUID, description: 'Who asked for it: the person, or an administrator' }) requestedBy: string;
  @ApiProperty(UUID) jobId: string;
  @ApiProperty(DATE_TIME) createdAt: string;
  @ApiProperty({ ...DATE_TIME, description: 'After this it can no longer be downloaded (7 days after it was made)' }) expiresAt: string;
  @ApiProperty({ description: 'Size of the ZIP in bytes' }) size: number;
  @ApiProperty({ description: 'Where to download it' }) download: string;
}

export function mapExport(e: ExportView): PrivacyExportResponseDto {
  return {
    id: e.id,
    userId: e.userId,
    requestedBy: e.requestedBy,
    jobId: e.jobId,
    createdAt: e.createdAt.toISOString(),
    expiresAt: e.expiresAt.toISOString(),
    size: e.size,
    download: `/api/v1/exports/${e.id}/download`,
  };
}
