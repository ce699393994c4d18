/** Privacy notices, their acknowledgement and consents (issue 16 point 5). */
import { ApiProperty } from '@nestjs/swagger';
import {
  CONSENT_PURPOSES,
  type ConsentPurpose,
  type ConsentsOverview,
  type NoticeView,
  type PrivacyAcknowledgement,
} from '@probity/privacy';
import { DATE_TIME, UUID } from './common.response';

export class NoticeBodiesResponseDto {
  @ApiProperty({ required: false }) en?: string;
  @ApiProperty({ required: false }) ru?: string;
  @ApiProperty({ required: false }) ka?: string;
  @ApiProperty({ required: false }) uk?: string;
  @ApiProperty({ required: false }) ur?: string;
  @ApiProperty({ required: false }) sw?: string;
}

export class PrivacyNoticeResponseDto {
  @ApiProperty({
    enum: ['academy', 'platform', 'default'],
    description: 'The academy’s own notice, the platform’s, or the default text (which asks nobody to acknowledge it)',
  })
  source: 'academy' | 'platform' | 'default';

  @ApiProperty({ ...UUID, nullable: true, description: 'The academy whose own notice it is' })
  academyId: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Null for the default text' })
  version: number | null;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  publishedAt: string | null;

  @ApiProperty({ type: NoticeBodiesResponseDto, description: 'The text in each language it is written in' })
  bodies: NoticeBodiesResponseDto;
}

export function mapNotice(notice: NoticeView): PrivacyNoticeResponseDto {
  return {
    source: notice.source,
    academyId: notice.academyId,
    version: notice.version,
    publishedAt: notice.publishedAt ? new Date(notice.publishedAt).toISOString() : null,
    bodies: { ...notice.bodies },
  };
}

export class AcknowledgementResponseDto {
  @ApiProperty({ ...UUID, nullable: true, description: 'The academy whose notice it was (null: the platform’s)' })
  academyId: string | null;

  @ApiProperty()
  version: number;

  @ApiProperty(DATE_TIME)
  acknowledgedAt: string;
}

export class ConsentRecordResponseDto {
  @ApiProperty({ enum: CONSENT_PURPOSES })
  purpose: ConsentPurpose;

  @ApiProperty(DATE_TIME)
  grantedAt: string;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  withdrawnAt: string | null;
}

export class ConsentStateResponseDto {
  @ApiProperty({ enum: CONSENT_PURPOSES })
  purpose: ConsentPurpose;

  @ApiProperty({ description: 'In force: the processing happens' })
  active: boolean;

  @ApiProperty({ description: 'Directory: 1 while the entry exists; supervisor follow-up: the supervisors named' })
  count: number;
}

export class MyPrivacyResponseDto {
  @ApiProperty({ type: PrivacyNoticeResponseDto, description: 'The notice that applies to the caller' })
  notice: PrivacyNoticeResponseDto;

  @ApiProperty({ type: Number, nullable: true, description: 'The version the caller has still to acknowledge, if any' })
  pendingVersion: number | null;

  @ApiProperty({ type: [AcknowledgementResponseDto], description: 'The newest first' })
  acknowledgements: AcknowledgementResponseDto[];

  @ApiProperty({ type: [ConsentStateResponseDto] })
  consents: ConsentStateResponseDto[];

  @ApiProperty({ type: [ConsentRecordResponseDto], description: 'Every grant and its withdrawal, the newest first' })
  history: ConsentRecordResponseDto[];
}

export function mapMyPrivacy(
  notice: NoticeView,
  pendingVersion: number | null,
  acknowledgements: PrivacyAcknowledgement[],
  consents: ConsentsOverview,
): MyPrivacyResponseDto {
  return {
    notice: mapNotice(notice),
    pendingVersion,
    acknowledgements: acknowledgements.map((a) => ({
      academyId: a.academyId,
      version: a.version,
      acknowledgedAt: new Date(a.acknowledgedAt).toISOString(),
    })),
    consents: mapConsents(consents),
    history: consents.history.map((c) => ({
      purpose: c.purpose,
      grantedAt: new Date(c.grantedAt).toISOString(),
      withdrawnAt: c.withdrawnAt ? new Date(c.withdrawnAt).toISOString() : null,
    })),
  };
}

export function mapConsents(consents: ConsentsOverview): ConsentStateResponseDto[] {
  return [
    { purpose: 'cooperation_directory', active: consents.directory.active, count: consents.directory.entry ? 1 : 0 },
    { purpose: 'supervisor_follow_up', active: consents.supervisors.active, count: consents.supervisors.contacts.length },
  ];
}
